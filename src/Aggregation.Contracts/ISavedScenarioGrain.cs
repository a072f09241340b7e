namespace Aggregation.Contracts;

/// <summary>A saved scenario (key: its id). Stores only the overrides; results are computed on live data at each read.</summary>
[Alias("agg.ISavedScenarioGrain")]
public interface ISavedScenarioGrain : IGrainWithStringKey, IAuditSubject
{
    /// <summary>Creates or replaces the scenario after checking it evaluates; nothing is stored when it does not.</summary>
    [Alias("Save")]
    Task<SavedScenarioOutcome> Save(ScenarioDefinition definition, bool mustExist, KeyPrincipal by);

    /// <summary>The scenario, or null.</summary>
    [Alias("Get")]
    Task<ScenarioView?> Get();

    /// <summary>Deletes the scenario; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> Delete(KeyPrincipal by);

    /// <summary>The scenario evaluated on the data as it is now; null when there is no such scenario.</summary>
    [Alias("Evaluate")]
    Task<ScenarioOutcome?> Evaluate();
}

/// <summary>The list of saved scenarios (key 0).</summary>
[Alias("agg.IScenarioIndexGrain")]
public interface IScenarioIndexGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task Add(string id);

    [Alias("Remove")]
    Task Remove(string id);

    /// <summary>Ids of every saved scenario, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> List();
}
