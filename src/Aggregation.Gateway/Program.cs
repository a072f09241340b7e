using Aggregation.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddAggregationGateway();

var app = builder.Build();
app.MapAggregationGateway();
app.Run();

public partial class Program;
