using Aggregation.Contracts;
using Aggregation.Domain.Rules;

namespace Aggregation.Grains;

/// <summary>Validation refusals gathered field by field; a field's refusals set again replace the earlier ones.</summary>
internal sealed class Refusals
{
    private readonly Dictionary<string, IReadOnlyList<Refusal>> _byField = [];

    public int Count => _byField.Count;

    public void Set(string field, string code, string message) =>
        _byField[field] = [new Refusal(RefusalKind.Invalid, field, code, message)];

    public void Set(string field, IEnumerable<FieldError> errors) =>
        _byField[field] = errors.Select(e => Refusal.Invalid(e with { Field = field })).ToList();

    public IReadOnlyList<Refusal> ToList() => _byField.Values.SelectMany(r => r).ToList();
}
