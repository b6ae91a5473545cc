using Viv.Hosting;

namespace Viv.Web.Hosting;

public static class Pipeline
{
    public const string NodeHeader = "X-Viv-Node";

    public static WebApplication UseVivPipeline(this WebApplication app)
    {
        var node = app.Services.GetRequiredService<VivOptions>().NodeName;
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            context.Response.Headers[NodeHeader] = node;
            return next(context);
        });
        app.Use(SecurityHeaders.Add);
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        app.UseMiddleware<ReadinessGate>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        app.UseMiddleware<SiloLoss>();
        // A browser that opens an address with nothing there gets a page (title, language, a way
        // back) instead of an empty body; the API and files keep their own answers.
        app.UseWhen(IsPageVisit, visit => visit.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseStaticFiles(StaticShell.Options);
        app.UseRouting();
        app.UseWhen(Api.ApiSetup.IsApi, api => api.Use(Api.BodyLimit.Enforce));
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static bool IsPageVisit(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !Api.ApiSetup.IsApi(context)
        && context.Request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.Ordinal) == true);
}
