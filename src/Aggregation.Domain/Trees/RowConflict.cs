using Aggregation.Domain.Rules;

namespace Aggregation.Domain.Trees;

/// <summary>
/// One problem in a loaded file, located as the import conflicts are: by row (1 = the header), column
/// header and the cell's value, with its rule's stable code.
/// </summary>
public sealed record RowConflict(int Row, string? Column, string? Value, string Message, string Code)
{
    public static RowConflict Of(Rule rule, int row, string? column, string? value) => new(row, column, value, rule.Message, rule.Code);
}
