using System.Diagnostics;

namespace Viv.Testing;

/// <summary>A server the tests start (coturn, Azurite, Redis): running once it has printed every one of its ready lines.</summary>
public static class ServiceProcess
{
    // Azurite (Node, thousands of modules) printed nothing for 30 s when it started beside the
    // browser tier on a fresh clone: the same patience as VivServer gives Viv.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Starts <paramref name="start"/> and waits for its ready lines; <paramref name="unlessMissing"/> says what to check when it does not come up.</summary>
    public static async Task<Process> Start(ProcessStartInfo start, string unlessMissing, params string[] readyLines)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var waiting = new HashSet<string>(readyLines);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var printed = new List<string>();
        var process = new Process { StartInfo = start };
        void Watch(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }
            lock (waiting)
            {
                printed.Add(line.Data);
                waiting.RemoveWhere(text => line.Data.Contains(text, StringComparison.Ordinal));
                if (waiting.Count == 0)
                {
                    ready.TrySetResult();
                }
            }
        }
        process.OutputDataReceived += Watch;
        process.ErrorDataReceived += Watch;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(StartTimeout)) != ready.Task)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            lock (waiting)
            {
                throw new InvalidOperationException($"{start.FileName} did not start ({unlessMissing}); it printed:\n{string.Join('\n', printed)}");
            }
        }
        return process;
    }
}
