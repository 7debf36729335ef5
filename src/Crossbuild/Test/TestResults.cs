namespace Crossbuild.Test;

/// <summary>How one package's tests ended.</summary>
public enum TestStatus
{
    /// <summary>Every test that ran passed (also when none matched <c>-run</c>).</summary>
    Passed,

    /// <summary>A test failed, or the test process crashed or timed out.</summary>
    Failed,

    /// <summary>The package has no test files.</summary>
    NoTestFiles,

    /// <summary>Its test assembly, or something it uses, did not compile.</summary>
    BuildFailed,

    /// <summary>Compiled for a target this machine cannot run (another OS or architecture); not run.</summary>
    NotRun,
}

/// <summary>The outcome of one test case, as its framework reported it.</summary>
public enum TestOutcome
{
    /// <summary>It passed.</summary>
    Passed,

    /// <summary>It failed (or errored, timed out or was aborted).</summary>
    Failed,

    /// <summary>It was skipped or ignored.</summary>
    Skipped,
}

/// <summary>One test case's result.</summary>
/// <param name="Name">Its fully qualified name, with arguments for a data row (<c>Acme.Text.SlugTests.Lowers(input: "A")</c>).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Seconds">How long it ran.</param>
/// <param name="Message">For a failure, its message.</param>
/// <param name="StackTrace">For a failure, its stack trace.</param>
/// <param name="File">For a failure, the module file of the first stack frame in the module (the failing assertion), else null.</param>
/// <param name="Line">That frame's line; 0 when unknown.</param>
public sealed record TestCaseResult(string Name, TestOutcome Outcome, double Seconds, string? Message = null, string? StackTrace = null,
    string? File = null, int Line = 0)
{
    /// <summary>What the test wrote to standard output, if its framework captured it.</summary>
    public string Output { get; init; } = "";
}

/// <summary>One package's test result.</summary>
/// <param name="Package">The package's Dir.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Cached">Whether the result was replayed from the result cache.</param>
/// <param name="Seconds">How long its test process ran (for a cached result, how long it ran then).</param>
/// <param name="Tests">Its test cases, in the order they were reported.</param>
public sealed record PackageTestResult(string Package, TestStatus Status, bool Cached, double Seconds, IReadOnlyList<TestCaseResult> Tests)
{
    /// <summary>The number of tests that passed.</summary>
    public int Passed => Tests.Count(t => t.Outcome == TestOutcome.Passed);

    /// <summary>The number of tests that failed.</summary>
    public int Failed => Tests.Count(t => t.Outcome == TestOutcome.Failed);

    /// <summary>The number of tests skipped.</summary>
    public int Skipped => Tests.Count(t => t.Outcome == TestOutcome.Skipped);

    /// <summary>Why the package failed beyond its tests (a crash, a timeout, a build failure, a missing report), one line; else null.</summary>
    public string? Problem { get; init; }

    /// <summary>For a crash or timeout, the last lines the test process printed.</summary>
    public string Output { get; init; } = "";

    /// <summary>The target's runtime identifier.</summary>
    public string Runtime { get; init; } = "";

    /// <summary>The test framework, when the package has a test assembly.</summary>
    public TestFrameworkKind? Framework { get; init; }
}

/// <summary>The outcome of <c>crossbuild test</c>.</summary>
/// <param name="Succeeded">Whether every package built and every test that ran passed.</param>
/// <param name="Build">The build of the test assemblies (its errors and diagnostics).</param>
/// <param name="Packages">Each matched package's result, per target, in order.</param>
public sealed record TestRunResult(bool Succeeded, BuildResult Build, IReadOnlyList<PackageTestResult> Packages);
