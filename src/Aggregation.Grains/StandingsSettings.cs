namespace Aggregation.Grains;

/// <summary>
/// Whether the rollups feed the indicator grains (<c>Aggregation:Standings:Enabled</c>, default true). Off, rankings,
/// distributions and standings answer from what the indicator grains read from the rollups when they activate.
/// </summary>
public sealed record StandingsSettings(bool Enabled = true);
