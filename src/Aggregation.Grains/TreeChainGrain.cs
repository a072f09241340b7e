using Aggregation.Contracts;
using Aggregation.Domain.Trees;

namespace Aggregation.Grains;

/// <summary>
/// Composes the stored mappings between two trees once and keeps the result: each question checks that every step is
/// still the mapping it composed (the steps' audit trails only grow) and composes again when one was replaced.
/// Holds nothing in storage: the steps are the source.
/// </summary>
public sealed class TreeChainGrain : Grain, ITreeChainGrain
{
    private IReadOnlyList<int> _versions = [];
    private TreeMapping? _composed;

    public async Task<int?> GetUnmappedLeaves() => (await Composed())?.UnmappedLeaves.Count;

    private async Task<TreeMapping?> Composed()
    {
        var (from, to) = GrainKeys.ParseMapping(this.GetPrimaryKeyString());
        var trees = (await GrainFactory.Trees()).Trees.Select(t => t.Id).ToList();
        var (first, last) = (trees.IndexOf(from), trees.IndexOf(to));
        if (first < 0 || last <= first)
        {
            return null;
        }
        var steps = Enumerable.Range(first, last - first).Select(i => GrainFactory.Mapping(trees[i], trees[i + 1])).ToList();
        var versions = await Task.WhenAll(steps.Select(s => s.GetVersion()));
        if (!versions.SequenceEqual(_versions))
        {
            var mappings = await Task.WhenAll(steps.Select(s => s.Get()));
            _composed = mappings.Any(m => m is null) ? null : mappings.Skip(1).Aggregate(mappings[0]!, (a, b) => a.Then(b!));
            _versions = versions;
        }
        return _composed;
    }
}
