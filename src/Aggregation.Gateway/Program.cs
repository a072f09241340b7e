using Aggregation.Gateway;

// appsettings.json sits next to the binary: find it whatever directory the service is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddAggregationGateway();

var app = builder.Build();
app.MapAggregationGateway();
app.Run();

public partial class Program;
