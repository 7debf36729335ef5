using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Features.Shapes;

IShape[] shapes = [new Circle(1.5), new Rect(2, 3), new Circle(0.5)];
Console.WriteLine($"largest: {Geometry.Largest(shapes)}");
Console.WriteLine($"records equal: {new Rect(1, 2) == new Rect(1, 2)}, with: {new Rect(1, 2) with { Height = 5 }}");
Console.WriteLine($"linq: {string.Join(",", shapes.Where(s => s.Area > 1).Select(s => s.GetType().Name).Order())}");
Console.WriteLine($"async: {await Work.SumAsync(10)}");
Console.WriteLine($"regex: {string.Join("|", Patterns.Words().Matches("alpha beta-gamma 42").Select(m => m.Value))}");
Console.WriteLine($"json: {JsonSerializer.Serialize(new Point(3, 4), PointContext.Default.Point)}");
Console.WriteLine($"unsafe: {Work.SumWithPointers([1, 2, 3, 4])}");
Console.WriteLine($"nullable: {Work.Describe(null)} {Work.Describe("x")}");
Console.WriteLine($"internals: {Geometry.Secret}");
Console.WriteLine($"caller: {Work.Expr(1 + 2)}");
Console.WriteLine($"unchecked: {Work.Overflow(int.MaxValue)}");
#if DEBUG
Console.WriteLine("config symbol: DEBUG");
#elif RELEASE
Console.WriteLine("config symbol: RELEASE");
#endif
#if NET10_0_OR_GREATER && NETCOREAPP3_1_OR_GREATER && TRACE
Console.WriteLine("framework symbols: NET10_0_OR_GREATER NETCOREAPP3_1_OR_GREATER TRACE");
#endif
var asm = typeof(Work).Assembly;
Console.WriteLine($"assembly: {asm.GetName().Name} {asm.GetName().Version}");
Console.WriteLine($"informational: {asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
Console.WriteLine($"configuration: {asm.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration}");
Console.WriteLine($"company/product/title: {asm.GetCustomAttribute<AssemblyCompanyAttribute>()?.Company} {asm.GetCustomAttribute<AssemblyProductAttribute>()?.Product} {asm.GetCustomAttribute<AssemblyTitleAttribute>()?.Title}");
Console.WriteLine($"target framework: {AppContext.TargetFrameworkName}");
var debuggable = asm.GetCustomAttribute<System.Diagnostics.DebuggableAttribute>();
Console.WriteLine($"jit optimizer disabled: {debuggable?.IsJITOptimizerDisabled ?? false}");
Console.WriteLine($"runtime compat: {asm.GetCustomAttribute<RuntimeCompatibilityAttribute>()?.WrapNonExceptionThrows}");
Console.WriteLine($"deps/runtimeconfig: {Path.GetFileName(AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)} {AppContext.GetData("System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization")}");
return 3;
