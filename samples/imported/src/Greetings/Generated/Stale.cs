// Left over from an old code generator; the project removes the folder (<Compile Remove="Generated/**" />).
this is not C# any more
