using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregation.Contracts;

namespace Aggregation.Gateway.Apis;

/// <summary>
/// JSON code generated at build time for the bodies and answers of the busiest endpoints (report PUT,
/// indicators, comparison, what-if): writing a national what-if answer takes half the time it takes
/// through reflection. Put first in the API's resolver chain; every other type is still served by reflection,
/// and all of them with the API's options (web names, readable Vietnamese).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReportsApi.ReportBody))]
[JsonSerializable(typeof(ReportReceipt))]
[JsonSerializable(typeof(ReportView))]
[JsonSerializable(typeof(UnitDetailView))]
[JsonSerializable(typeof(UnitIndicatorsView))]
[JsonSerializable(typeof(ComparisonView))]
[JsonSerializable(typeof(RankingView))]
[JsonSerializable(typeof(DistributionView))]
[JsonSerializable(typeof(StandingView))]
[JsonSerializable(typeof(WhatIfApi.WhatIfBody))]
[JsonSerializable(typeof(ScenarioResultView))]
[JsonSerializable(typeof(GoalSeekView))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
