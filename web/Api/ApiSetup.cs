using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Viv.Web.Accounts;

namespace Viv.Web.Api;

/// <summary>
/// /api/v1: the REST face of the same grains the pages and the hub use, for native and mobile
/// clients; bearer tokens only; described at /openapi/v1.json.
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";

    public static WebApplicationBuilder AddVivApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // A body that says something the API does not understand is refused, not half-read.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.RespectNullableAnnotations = true;
            json.SerializerOptions.RespectRequiredConstructorParameters = true;
            // The web defaults read "30" as 30; a number is a number.
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        // In Development a body that does not bind would throw to the developer exception page, with its
        // stack trace; the API answers it as it does everywhere else: 400 invalid_request.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = false);
        builder.Services.AddOpenApi(openApi =>
        {
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            openApi.AddDocumentTransformer(DescribeBearer).AddOperationTransformer(DescribeAuth);
        });
        return builder;
    }

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static WebApplication MapVivApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        var api = app.MapGroup(Prefix).RequireAuthorization(AccountsSetup.BearerPolicy).AddEndpointFilter(NoStore);
        TokenEndpoints.Map(api);
        ProfileEndpoints.Map(api);
        ContactEndpoints.Map(api);
        CallEndpoints.Map(api);
        MeetingEndpoints.Map(api);
        PushEndpoints.Map(api);
        VideoMessages.VideoMessageEndpoints.Map(api);
        return app;
    }

    /// <summary>Answers carry tokens and personal data: no cache may keep them.</summary>
    private static async ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return await next(context);
    }

    private static Task DescribeBearer(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Viv API",
            Version = "v1",
            Description = "Everything that is not real time. Presence, ringing and call signaling go over the SignalR hub at /hub with the same access token (docs/api.md).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An access token from POST /api/v1/tokens.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerAuthentication.SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }

    /// <summary>Every operation but signing in and refreshing needs the bearer token, and says so with its 401.</summary>
    private static Task DescribeAuth(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return Task.CompletedTask;
        }
        operation.Responses ??= [];
        operation.Responses["401"] = new OpenApiResponse { Description = "No access token, or one that is invalid, expired or revoked (problem details, code unauthenticated or invalid_token)." };
        return Task.CompletedTask;
    }
}
