// STAND-IN, NOT NUKE. The smallest copy of the NUKE 10 API shapes that Crossbuild.Nuke's sources use, so CI can
// compile (and drive) those sources without Nuke.Common, which this environment cannot restore. Member signatures
// follow nuke-build/nuke 10.1.0; behaviour is only what the tests need. It proves the sources compile against
// these shapes, nothing more: the real check is a hand run against real Nuke (see samples/nuke/README.md).
// Nuke's assemblies carry no nullable annotations, so neither does this stand-in.
#nullable disable
using System;
using System.Collections.Generic;
using System.Linq.Expressions;

namespace Nuke.Common
{
    public delegate ITargetDefinition Target(ITargetDefinition definition);

    public interface ITargetDefinition
    {
        ITargetDefinition Description(string description);
        ITargetDefinition Executes(params Action[] actions);
        ITargetDefinition DependsOn(params Target[] targets);
        ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [System.Runtime.CompilerServices.CallerArgumentExpression("condition")] string conditionExpression = null);
        ITargetDefinition Produces(params string[] artifacts);
    }

    public interface INukeBuild
    {
        void ReportSummary(Tooling.Configure<Dictionary<string, string>> configurator = null);
        IO.AbsolutePath RootDirectory { get; }
        bool IsLocalBuild { get; }
        public T TryGetValue<T>(Expression<Func<T>> parameterExpression) where T : class;
        public T TryGetValue<T>(Expression<Func<object>> parameterExpression);
    }

    public abstract class NukeBuild : INukeBuild
    {
        public IO.AbsolutePath RootDirectory { get; set; } = new(System.IO.Directory.GetCurrentDirectory());
        public bool IsLocalBuild => true;
        public Dictionary<string, string> Summary { get; } = [];
        public void ReportSummary(Tooling.Configure<Dictionary<string, string>> configurator = null) => configurator?.Invoke(Summary);
        // Parameter values by member name, as Nuke would read them from the command line (--runtimes a b).
        public static Dictionary<string, object> Parameters { get; } = [];
        public T TryGetValue<T>(Expression<Func<T>> parameterExpression) where T : class =>
            Parameters.TryGetValue(((MemberExpression)parameterExpression.Body).Member.Name, out var v) ? (T)v : null;
        public T TryGetValue<T>(Expression<Func<object>> parameterExpression) =>
            Parameters.TryGetValue(((MemberExpression)(parameterExpression.Body is UnaryExpression u ? u.Operand : parameterExpression.Body)).Member.Name, out var v) ? (T)v : default;
        protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargetExpressions) where T : NukeBuild, new() => 0;
    }

    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
    public class ParameterAttribute(string description = null) : Attribute
    {
        public virtual string Description { get; } = description;
    }
}

namespace Nuke.Common.IO
{
    public sealed class AbsolutePath(string path)
    {
        private readonly string _path = System.IO.Path.GetFullPath(path);
        public static AbsolutePath operator /(AbsolutePath left, string right) => new(System.IO.Path.Combine(left._path, right));
        public static implicit operator string(AbsolutePath path) => path._path;
        public override string ToString() => _path;
    }
}

namespace Nuke.Common.Tooling
{
    public delegate T Configure<T>(T options);
}

namespace Nuke.Common.Execution
{
    public interface IBuildExtension
    {
        float Priority { get; }
    }

    [AttributeUsage(AttributeTargets.Class)]
    public abstract class BuildExtensionAttributeBase : Attribute, IBuildExtension
    {
        public INukeBuild Build { get; internal set; }
        public virtual float Priority { get; set; }
    }

    public interface IOnTargetSucceeded : IBuildExtension
    {
        void OnTargetSucceeded(ExecutableTarget target);
    }

    public class ExecutableTarget
    {
        public string Name { get; set; } = "";
    }
}

namespace Serilog.Events
{
    public enum LogEventLevel { Verbose, Debug, Information, Warning, Error, Fatal }
}

namespace Serilog
{
    public static class Log
    {
        public static List<(Events.LogEventLevel Level, string Text)> Lines { get; } = [];
        public static bool IsEnabled(Events.LogEventLevel level) => true;
        public static void Write<T>(Events.LogEventLevel level, Exception exception, string messageTemplate, T propertyValue) =>
            Lines.Add((level, $"{propertyValue}"));
        public static void Information(string messageTemplate, params object[] values) =>
            Lines.Add((Events.LogEventLevel.Information, messageTemplate + " " + string.Join(" | ", values)));
    }
}
