using Viv.Web.Accounts;
using Viv.Web.Hosting;
using Viv.Web.Realtime;

var builder = WebApplication.CreateBuilder(args);

builder.AddVivOrleans();
builder.AddVivAccounts();
builder.AddVivRealtime();
builder.Services.AddRazorPages();

var app = builder.Build();

app.UseVivPipeline();
app.MapVivAccounts();
app.MapVivHub();
app.MapVivDashboard();
app.MapRazorPages();

app.Run();

/// <summary>Entry point; public so that tests can name the assembly.</summary>
public partial class Program;
