namespace Viv.Web.Pacing;

public static class PacingSetup
{
    public static WebApplicationBuilder AddVivPacing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaceOptions>().BindConfiguration(PaceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Paces>();
        builder.Services.AddSingleton<PaceFilter>();
        return builder;
    }
}
