using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Viv.Testing;

/// <summary>
/// Marks one of a tier's longest test classes (its tests one after another take a minute or more:
/// restarts, reminders, floods, many browsers): <see cref="LongClassesFirst"/> starts it early.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute : Attribute;

/// <summary>
/// Starts the classes marked <see cref="RunsLongAttribute"/> first and the rest in xunit's own order.
/// A tier runs a few classes at a time: a long class that starts last runs on alone while the cores
/// idle (a fresh-clone run's web tier ended on 80 s at a quarter of one core), one that starts first
/// runs beside the short ones.
/// </summary>
public sealed class LongClassesFirst : ITestCollectionOrderer
{
    private const string Prefix = "Test collection for ";

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections).OrderByDescending(collection => RunsLong(collection))];

    /// <summary>A class of its own is a collection named after it (xunit's collection per class).</summary>
    private static bool RunsLong(ITestCollection collection)
    {
        if (collection is not IXunitTestCollection { TestAssembly.Assembly: var assembly } || !collection.TestCollectionDisplayName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var name = collection.TestCollectionDisplayName[Prefix.Length..].Split(" (id: ")[0];
        return assembly.GetType(name)?.GetCustomAttribute<RunsLongAttribute>() is not null;
    }
}
