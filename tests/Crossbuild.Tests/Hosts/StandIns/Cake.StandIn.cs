// STAND-IN, NOT CAKE. The smallest copy of the Cake.Core / Cake.Frosting API shapes that Crossbuild.Cake's sources
// use, so CI can compile (and drive) those sources without Cake, which this environment cannot restore. Member
// signatures follow Cake 5; behaviour is only what the tests need. It proves the sources compile against these
// shapes, nothing more.
#nullable enable
using System;
using System.Collections.Generic;

namespace Cake.Core.IO
{
    public sealed class DirectoryPath(string path)
    {
        public string FullPath { get; } = path;
    }
}

namespace Cake.Core.Diagnostics
{
    public enum Verbosity { Quiet, Minimal, Normal, Verbose, Diagnostic }

    public enum LogLevel { Fatal, Error, Warning, Information, Verbose, Debug }

    public interface ICakeLog
    {
        Verbosity Verbosity { get; set; }
        void Write(Verbosity verbosity, LogLevel level, string format, params object[] args);
    }

    public static class LogExtensions
    {
        public static void Information(this ICakeLog log, string format, params object[] args) =>
            log.Write(Verbosity.Normal, LogLevel.Information, format, args);
    }
}

namespace Cake.Core
{
    public interface ICakeEnvironment
    {
        IO.DirectoryPath WorkingDirectory { get; set; }
    }

    public interface ICakeArguments
    {
        bool HasArgument(string name);
        string GetArgument(string name);
    }

    public interface ICakeContext
    {
        ICakeEnvironment Environment { get; }
        Diagnostics.ICakeLog Log { get; }
        ICakeArguments Arguments { get; }
    }
}

namespace Cake.Core.Annotations
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CakeMethodAliasAttribute : Attribute;

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class CakeAliasCategoryAttribute(string name) : Attribute
    {
        public string Name { get; } = name;
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    public sealed class CakeNamespaceImportAttribute(string @namespace) : Attribute
    {
        public string Namespace { get; } = @namespace;
    }
}

namespace Cake.Frosting
{
    public interface IFrostingContext : Cake.Core.ICakeContext;

    public class FrostingContext(Cake.Core.ICakeContext context) : IFrostingContext
    {
        public Cake.Core.ICakeEnvironment Environment => context.Environment;
        public Cake.Core.Diagnostics.ICakeLog Log => context.Log;
        public Cake.Core.ICakeArguments Arguments => context.Arguments;
    }

    public abstract class FrostingTask<T> where T : Cake.Core.ICakeContext
    {
        public virtual bool ShouldRun(T context) => true;
        public virtual void Run(T context) { }
    }

    public abstract class FrostingTask : FrostingTask<Cake.Core.ICakeContext>;

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TaskNameAttribute(string name) : Attribute
    {
        public string Name { get; } = name;
    }

    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
    public sealed class IsDependentOnAttribute(Type task) : Attribute
    {
        public Type Task { get; } = task;
    }

    public sealed class CakeHost
    {
        public CakeHost UseContext<TContext>() where TContext : class, IFrostingContext => this;
        public int Run(IEnumerable<string> args) => 0;
    }
}
