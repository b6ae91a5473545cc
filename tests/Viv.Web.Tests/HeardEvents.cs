using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Viv.Realtime;

namespace Viv.Web.Tests;

/// <summary>
/// Every client event some hub connections hear, in order, for tests that must prove who was told
/// what, and that nobody was told anything. It listens to every method a <see cref="ClientEvent"/>
/// names, so an event added to the product is heard without changing the tests.
/// </summary>
public sealed class HeardEvents(params string[] ignoring)
{
    public static readonly IReadOnlyList<string> Methods = [.. typeof(ClientEvent).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(ClientEvent)) && !type.IsAbstract)
        .Select(type => ((ClientEvent)RuntimeHelpers.GetUninitializedObject(type)).Method)
        .Distinct()
        .Order(StringComparer.Ordinal)];

    private readonly List<Heard> _heard = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Heard(string Who, string Method, string Body)
    {
        public override string ToString() => $"{Who} heard {Method} {Body}";
    }

    public void Listen(HubConnection hub, string who)
    {
        foreach (var method in Methods.Except(ignoring))
        {
            hub.On<JsonElement>(method, body => Add(new Heard(who, method, body.GetRawText())));
        }
    }

    public IReadOnlyList<Heard> All
    {
        get
        {
            lock (_heard)
            {
                return [.. _heard];
            }
        }
    }

    /// <summary>The methods <paramref name="who"/> heard, sorted: events from different grains may arrive in either order.</summary>
    public string MethodsHeardBy(string who) =>
        string.Join(", ", All.Where(h => h.Who == who).Select(h => h.Method).Order(StringComparer.Ordinal)) is { Length: > 0 } heard ? heard : "nothing";

    public void Clear()
    {
        lock (_heard)
        {
            _heard.Clear();
        }
    }

    /// <summary>Waits until what was heard satisfies <paramref name="done"/>; a timeout names everything heard so far.</summary>
    public async Task Until(Func<IReadOnlyList<Heard>, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_heard)
            {
                if (done(_heard))
                {
                    return;
                }
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Not heard within {timeout.TotalSeconds} s; heard: {string.Join("; ", All)}");
            }
        }
    }

    private void Add(Heard heard)
    {
        TaskCompletionSource changed;
        lock (_heard)
        {
            _heard.Add(heard);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }
}
