namespace Viv.Grains.Tests;

/// <summary>Waits for something that happens on a timer or a one-way message, up to a deadline.</summary>
internal static class Eventually
{
    public static Task True(Func<Task<bool>> condition, string because = "", int seconds = 15) => True(condition, () => because, seconds);

    /// <summary>As above, with a reason worked out when it fails: what was seen by then.</summary>
    public static async Task True(Func<Task<bool>> condition, Func<string> because, int seconds = 15)
    {
        // A stopwatch, not the wall clock: a step of the machine's clock (a VM's time sync) once ended a
        // 30-s wait after 3 s (AzureStorageContract, in a fresh-clone run).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"Still false after {seconds} s {because()}");
            }
            await Task.Delay(25);
        }
    }
}
