using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Viv.Hosting;

/// <summary>
/// The one check of every options class: its DataAnnotations, then its <see cref="IValidatableObject"/>
/// rules. Each property is named by its configuration key (<c>The field Viv:Calls:RingTimeoutSeconds
/// must be between 1 and 600.</c>), so the operator reads which key to fix.
/// </summary>
public sealed class ConfigurationRules<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = new List<ValidationResult>();
        foreach (var property in typeof(T).GetProperties().Where(p => p.IsDefined(typeof(ValidationAttribute))))
        {
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = $"{section}:{property.Name}" };
            Validator.TryValidateProperty(property.GetValue(options), context, problems);
        }
        if (problems.Count == 0 && options is IValidatableObject rules)
        {
            problems.AddRange(rules.Validate(new ValidationContext(options)));
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ErrorMessage ?? section));
    }
}
