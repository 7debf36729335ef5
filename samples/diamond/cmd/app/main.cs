using Diamond.Left;
using Diamond.Right;

Console.WriteLine(LeftSide.Say());
Console.WriteLine(RightSide.Say());
Console.WriteLine($"args: {string.Join(" ", args)}");
return args.Length;
