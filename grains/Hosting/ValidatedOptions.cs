using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Viv.Hosting;

/// <summary>
/// Every options class is bound and checked the same way: <see cref="ConfigurationRules{T}"/> at
/// start. A value that breaks a rule stops the node with one line per problem and exit code 4
/// (<see cref="StartupRefusal.InvalidConfiguration"/>) instead of failing later, at the first call.
/// </summary>
public static class ValidatedOptions
{
    private const string Prefix = "Viv cannot start: ";

    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new ConfigurationRules<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// A section that was renamed stops the node while the configuration still has it: bound to
    /// nothing, its values would be dropped in silence and the defaults used in their place.
    /// </summary>
    public static OptionsBuilder<T> RefusingFormerSection<T>(this OptionsBuilder<T> options, string formerSection, string section) where T : class =>
        options.Validate<IConfiguration>((_, configuration) => !configuration.GetSection(formerSection).Exists(),
            $"The section {formerSection} is now {section}; rename it.");

    /// <summary>For options the host itself is shaped by, so needed before there are services: read and checked at once.</summary>
    public static T ReadValidated<T>(this IConfiguration configuration, string section) where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException unreadable)
        {
            StartupRefusal.InvalidConfiguration.Exit(Prefix + unreadable.Message);
        }
        var result = new ConfigurationRules<T>(section).Validate(null, options);
        if (result.Failed)
        {
            StartupRefusal.InvalidConfiguration.Exit(result.Failures.Select(failure => Prefix + failure));
        }
        return options;
    }

    /// <summary>
    /// Runs the start checks now, before the host starts, where failing would otherwise end in a
    /// "Hosting failed to start" log and an unhandled exception's stack trace.
    /// </summary>
    public static void ExitUnlessConfigured(this IHost host)
    {
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (Problems(e) is { } problems)
        {
            StartupRefusal.InvalidConfiguration.Exit(problems.Select(problem => Prefix + problem));
        }
    }

    /// <summary>
    /// What is wrong, or null for an exception that is not about configuration. Binding throws
    /// InvalidOperationException for a value of the wrong type ("Failed to convert configuration value …").
    /// </summary>
    private static IReadOnlyList<string>? Problems(Exception e) => e switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        InvalidOperationException unreadable => [unreadable.Message],
        AggregateException all when all.InnerExceptions.Select(Problems).ToList() is var each && each.All(p => p is not null) =>
            [.. each.SelectMany(p => p!)],
        _ => null,
    };
}
