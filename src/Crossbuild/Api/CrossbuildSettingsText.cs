using System.Collections;
using System.Reflection;
using System.Text;

namespace Crossbuild;

public sealed partial record CrossbuildSettings
{
    private static readonly PropertyInfo[] Printed = typeof(CrossbuildSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();

    // What ToString prints, as a record prints itself, but lists with their items, and the remote cache without the
    // credentials its URL may carry: build logs show settings, and must not show secrets.
    private bool PrintMembers(StringBuilder builder)
    {
        var first = true;
        foreach (var property in Printed)
        {
            if (!first) builder.Append(", ");
            first = false;
            builder.Append(property.Name).Append(" = ");
            var value = property.GetValue(this);
            builder.Append(value switch
            {
                null => "",
                string s when property.Name == nameof(RemoteCache) => Cache.Remote.RemoteCacheOptions.Redact(s),
                string s => s,
                IEnumerable items => "[" + string.Join(", ", items.Cast<object?>()) + "]",
                _ => value.ToString(),
            });
        }
        return true;
    }
}
