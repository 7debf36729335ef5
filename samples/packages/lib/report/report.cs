using Humanizer;
using Newtonsoft.Json;

namespace Shelf.Report;

/// <summary>Describes a shelf of books as JSON.</summary>
public static class ShelfReport
{
    /// <summary>The report for <paramref name="books"/>, with a humanized count.</summary>
    public static string Describe(IReadOnlyList<string> books) =>
        JsonConvert.SerializeObject(new { count = "book".ToQuantity(books.Count), books }, Formatting.None);
}
