foreach (var title in args) Console.WriteLine(Tested.Text.Slug.Make(title));
