using Humanizer;
using Shelf.Report;

string[] books = ["the_left_hand_of_darkness", "a_wizard_of_earthsea", "the_dispossessed"];
Console.WriteLine(ShelfReport.Describe(books.Select(b => b.Humanize(LetterCasing.Title)).ToArray()));
