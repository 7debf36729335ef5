namespace Crossbuild.Targets;

/// <summary>
/// The feature switches the SDK sets for a trimmed or Native AOT app (its <c>RuntimeHostConfigurationOption</c> items
/// with <c>Trim="true"</c> under <c>PublishTrimmed</c> or <c>PublishAot</c>, .NET 10's defaults): the trimmer and ilc
/// get them as <c>--feature</c>, and a trimmed app's runtimeconfig.json carries them as <c>configProperties</c>.
/// Some depend on the runtime: managed NTLM is trimmed on Linux only (ILLink.targets' <c>_UseManagedNtlm</c>), and a
/// Windows Native AOT app uses the Windows thread pool (Native.targets' <c>UseWindowsThreadPool</c>).
/// </summary>
public static class FeatureSwitches
{
    /// <summary>The switches of <c>PublishTrimmed</c> for a Linux runtime, in the SDK's (ordinal) order.</summary>
    public static IReadOnlyList<(string Name, string Value)> Trimmed { get; } =
    [
        ("Microsoft.Extensions.DependencyInjection.VerifyOpenGenericServiceTrimmability", "true"),
        ("System.ComponentModel.DefaultValueAttribute.IsSupported", "false"),
        ("System.ComponentModel.Design.IDesignerHost.IsSupported", "false"),
        ("System.ComponentModel.TypeConverter.EnableUnsafeBinaryFormatterInDesigntimeLicenseContextSerialization", "false"),
        ("System.ComponentModel.TypeDescriptor.IsComObjectDescriptorSupported", "false"),
        ("System.Data.DataSet.XmlSerializationIsSupported", "false"),
        ("System.Net.Security.UseManagedNtlm", "false"),
        ("System.Net.SocketsHttpHandler.Http3Support", "false"),
        ("System.Reflection.Metadata.MetadataUpdater.IsSupported", "false"),
        ("System.Resources.ResourceManager.AllowCustomResourceTypes", "false"),
        ("System.Resources.UseSystemResourceKeys", "false"),
        ("System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported", "true"),
        ("System.Runtime.InteropServices.BuiltInComInterop.IsSupported", "false"),
        ("System.Runtime.InteropServices.EnableConsumingManagedCodeFromNativeHosting", "false"),
        ("System.Runtime.InteropServices.EnableCppCLIHostActivation", "false"),
        ("System.Runtime.InteropServices.Marshalling.EnableGeneratedComInterfaceComImportInterop", "false"),
        ("System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization", "false"),
        ("System.StartupHookProvider.IsSupported", "false"),
        ("System.Text.Encoding.EnableUnsafeUTF7Encoding", "false"),
        ("System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault", "false"),
        ("System.Threading.Thread.EnableAutoreleasePool", "false"),
    ];

    /// <summary>The switches of <c>PublishTrimmed</c> for <paramref name="rid"/>.</summary>
    public static IReadOnlyList<(string Name, string Value)> TrimmedFor(RuntimeId rid) => rid.IsLinux ? Trimmed : WithoutManagedNtlm(Trimmed);

    /// <summary>The switches of <c>PublishAot</c> for <paramref name="rid"/>, in the order ilc's response file has them.</summary>
    public static IReadOnlyList<(string Name, string Value)> AotFor(RuntimeId rid)
    {
        if (rid.IsLinux) return Aot;
        var switches = WithoutManagedNtlm(Aot).ToList();
        if (rid.IsWindows)
            switches.Insert(switches.FindIndex(s => s.Name == "System.Threading.Thread.EnableAutoreleasePool") + 1, ("System.Threading.ThreadPool.UseWindowsThreadPool", "true"));
        return switches;
    }

    private const string ManagedNtlm = "System.Net.Security.UseManagedNtlm";

    private static (string Name, string Value)[] WithoutManagedNtlm(IReadOnlyList<(string Name, string Value)> switches) =>
        switches.Where(s => s.Name != ManagedNtlm).ToArray();

    /// <summary>
    /// The switches of <c>PublishAot</c> for a Linux runtime, in the order ilc's response file has them: the trimmed ones with dynamic
    /// code off, event source off, size-optimized LINQ, and expression trees that emit no delegates.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Aot { get; } =
    [
        .. Trimmed.Take(5),
        ("System.Data.DataSet.XmlSerializationIsSupported", "false"),
        ("System.Diagnostics.Tracing.EventSource.IsSupported", "false"),
        ("System.Linq.Enumerable.IsSizeOptimized", "true"),
        .. Trimmed.Skip(6).Select(s => s.Name == "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported" ? (s.Name, "false") : s),
        ("System.Linq.Expressions.CanEmitObjectArrayDelegate", "false"),
    ];
}
