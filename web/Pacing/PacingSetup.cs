using Viv.Hosting;

namespace Viv.Web.Pacing;

public static class PacingSetup
{
    public static WebApplicationBuilder AddVivPacing(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PaceOptions>(PaceOptions.Section);
        builder.Services.AddSingleton<Paces>();
        builder.Services.AddSingleton<PaceFilter>();
        return builder;
    }
}
