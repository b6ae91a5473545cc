using Viv.Hosting;
using Viv.Telemetry;
using Viv.Web.Accounts;
using Viv.Web.Api;
using Viv.Web.Hosting;
using Viv.Web.Pacing;
using Viv.Web.Realtime;

var builder = WebApplication.CreateBuilder(args);

builder.AddVivOrleans();
builder.AddVivTelemetry("web");
builder.AddVivReverseProxy();
builder.AddVivAccounts();
builder.AddVivPacing();
builder.AddVivRealtime();
builder.AddVivApi();
builder.Services.AddRazorPages();

var app = builder.Build();
app.ExitUnlessConfigured();

app.UseVivPipeline();
app.MapVivAccounts();
app.MapVivHub();
app.MapVivApi();
app.MapVivDashboard();
app.MapRazorPages();

app.Run();

/// <summary>Entry point; public so that tests can name the assembly.</summary>
public partial class Program;
