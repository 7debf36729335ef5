namespace Crossbuild.Import;

/// <summary>A property of an evaluated project.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Value">Its evaluated value.</param>
/// <param name="FromUser">Whether the project's own files (the project, Directory.Build.props, …) set it, rather than the SDK.</param>
public sealed record EvaluatedProperty(string Name, string Value, bool FromUser);

/// <summary>An item of an evaluated project.</summary>
/// <param name="Type">The item type (Compile, EmbeddedResource, …).</param>
/// <param name="Include">Its evaluated include, as MSBuild gives it (usually relative to the project).</param>
/// <param name="Metadata">Its evaluated metadata, item definitions included.</param>
/// <param name="FromUser">Whether the project's own files declare it, rather than the SDK's default items.</param>
public sealed record EvaluatedItem(string Type, string Include, IReadOnlyDictionary<string, string> Metadata, bool FromUser)
{
    /// <summary>A metadata value, or "" when it has none.</summary>
    public string this[string name] => Metadata.GetValueOrDefault(name) ?? "";
}

/// <summary>What MSBuild's evaluator says about a project for one target framework, in plain data.</summary>
/// <param name="FullPath">The project file.</param>
/// <param name="Framework">The target framework it was evaluated for.</param>
/// <param name="Properties">Every property by name.</param>
/// <param name="Items">Every item, in evaluation order.</param>
public sealed record EvaluatedProject(string FullPath, string Framework, IReadOnlyDictionary<string, EvaluatedProperty> Properties,
    IReadOnlyList<EvaluatedItem> Items)
{
    /// <summary>Every framework of a multi-targeted project imported without <c>-f</c> (<c>TargetFrameworks</c>); empty otherwise.</summary>
    public IReadOnlyList<string> Frameworks { get; init; } = [];

    /// <summary>The project's directory.</summary>
    public string Directory => Path.GetDirectoryName(FullPath)!;

    /// <summary>A property's value, or "" when unset.</summary>
    public string this[string name] => Properties.GetValueOrDefault(name)?.Value ?? "";

    /// <summary>Whether the project's own files set <paramref name="name"/>.</summary>
    public bool UserSet(string name) => Properties.GetValueOrDefault(name)?.FromUser ?? false;

    /// <summary>Whether a property is true, as MSBuild conditions compare (case-insensitive).</summary>
    public bool IsTrue(string name) => string.Equals(this[name], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The items of <paramref name="type"/>.</summary>
    public IEnumerable<EvaluatedItem> ItemsOf(string type) => Items.Where(i => i.Type == type);

    /// <summary>The full path of an item's include.</summary>
    public string FullPathOf(EvaluatedItem item) => Path.GetFullPath(Path.Combine(Directory, item.Include.Replace('\\', '/')));
}
