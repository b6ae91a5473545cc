using Viv.Web.Accounts;
using Viv.Web.Api;

namespace Viv.Web.Pacing;

public static class PacedEndpoints
{
    /// <summary>The API's face of <see cref="PaceFilter"/>: over budget, 429 with a slow_down problem and Retry-After.</summary>
    public static RouteHandlerBuilder Paced(this RouteHandlerBuilder endpoint, Pace pace) =>
        endpoint.ProducesProblem(StatusCodes.Status429TooManyRequests).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (await http.RequestServices.GetRequiredService<Paces>().Take(pace, http.User.UserId()) is { } wait)
            {
                return ApiProblem.TryAgainLater(http, slowedDown: true, wait, SlowDown.After(pace, wait).Error);
            }
            return await next(context);
        });
}
