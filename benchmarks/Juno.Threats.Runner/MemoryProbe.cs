using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Juno.Evaluation.Threats;
using Juno.Intelligence;

namespace Juno.Threats.Runner;

/// <summary>
/// What one warmed <see cref="ThreatDetector"/> keeps alive, measured two ways: the managed heap's growth over
/// <see cref="Count"/> detectors (the figure that counts for a grain), and a reflection walk of one detector's object
/// graph that says which fields the bytes sit in (arrays exactly, other objects by field layout, 8-byte aligned).
/// </summary>
internal static class MemoryProbe
{
    public const int Count = 50;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(AttackSet set, ThreatDetectorOptions options, TextWriter output)
    {
        // Three days: warm-up, then several regrowths, so every buffer a long-lived detector holds has been used.
        int samples = 3 * 288;
        var detectors = new ThreatDetector[Count];

        // One detector first, so the per-thread growth scratch (shared by every detector on a thread) is not counted.
        GC.KeepAlive(Warm(set.Entities[0], set, options, samples, -1));
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int d = 0; d < Count; d++)
        {
            detectors[d] = Warm(set.Entities[d % set.Entities.Count], set, options, samples, d);
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(detectors);

        // Steady-state cost: the warmed detectors go on through the rest of their traces. Process CPU time as well as
        // wall time, because the machine is shared and wall time mostly measures the neighbours.
        long assessed = 0;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        for (int d = 0; d < Count; d++)
        {
            EntityTrace entity = set.Entities[d % set.Entities.Count];
            for (int s = samples; s < entity.Count; s++, assessed++)
            {
                detectors[d].Assess(set.TimestampMs(s), entity.SignalsAt(s), entity.Cpu[s]);
            }
        }

        TimeSpan wall = Stopwatch.GetElapsedTime(started);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var snapshot = new MemoryStream();
        using (var writer = new BinaryWriter(snapshot, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            detectors[0].WriteTo(writer);
        }

        output.WriteLine(string.Create(
            Invariant,
            $"Retained per warmed detector (GC.GetTotalMemory(true) delta over {Count}, {samples} samples each): {(after - before) / (double)Count:N0} bytes; snapshot {snapshot.Length:N0} bytes."));
        output.WriteLine(string.Create(
            Invariant,
            $"Warm cost over {assessed:N0} later samples (attacks and regrowth included): {wall.TotalNanoseconds / assessed:F0} ns/sample wall, {cpu.TotalNanoseconds / assessed:F0} ns/sample process CPU."));
        var sizes = new Dictionary<string, long>();
        Walk(detectors[0], "ThreatDetector", sizes, new HashSet<object>(ReferenceEqualityComparer.Instance));
        output.WriteLine("| Field (reflection walk of one detector) | Bytes |");
        output.WriteLine("|---|---:|");
        foreach ((string path, long bytes) in sizes.OrderByDescending(p => p.Value))
        {
            output.WriteLine(string.Create(Invariant, $"| {path} | {bytes:N0} |"));
        }

        output.WriteLine(string.Create(Invariant, $"| **total** | {sizes.Values.Sum():N0} |"));
    }

    private static ThreatDetector Warm(EntityTrace entity, AttackSet set, ThreatDetectorOptions options, int samples, int seed)
    {
        var detector = new ThreatDetector(options, ThreatDetector.DefaultSeed + seed);
        for (int s = 0; s < Math.Min(samples, entity.Count); s++)
        {
            detector.Assess(set.TimestampMs(s), entity.SignalsAt(s), entity.Cpu[s]);
        }

        return detector;
    }

    // Sums each reachable object's size under the path of the field that first reached it. Options are shared by
    // every detector (the default instance), so they are left out, as are statics.
    private static void Walk(object value, string path, Dictionary<string, long> sizes, HashSet<object> seen)
    {
        if (value is ThreatDetectorOptions || !seen.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        if (value is Array array)
        {
            Type element = type.GetElementType()!;
            long elementSize = element.IsValueType ? ElementSize(element) : IntPtr.Size;
            Add(sizes, path, Align(24 + (array.LongLength * elementSize)));
            if (!element.IsValueType)
            {
                foreach (object? item in array)
                {
                    if (item is not null)
                    {
                        Walk(item, $"{path}[]", sizes, seen);
                    }
                }
            }

            return;
        }

        long own = 16;
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                own += field.FieldType.IsValueType ? ElementSize(field.FieldType) : IntPtr.Size;
                if (!field.FieldType.IsValueType && field.GetValue(value) is { } child)
                {
                    Walk(child, $"{path}.{field.Name}", sizes, seen);
                }
            }
        }

        Add(sizes, $"{path} (object)", Align(own));
    }

    private static long ElementSize(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    private static long Align(long bytes) => (bytes + 7) & ~7L;

    private static void Add(Dictionary<string, long> sizes, string path, long bytes) =>
        sizes[path] = sizes.GetValueOrDefault(path) + bytes;
}
