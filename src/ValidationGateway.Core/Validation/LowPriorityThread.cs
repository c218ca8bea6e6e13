using System.Runtime.InteropServices;

namespace ValidationGateway.Core.Validation;

/// <summary>Runs long background work (building a catalog snapshot) on its own thread at the lowest CPU priority.</summary>
/// <remarks>
/// On Linux the thread's nice value is raised to 19 (any process may lower its own priority); elsewhere the managed
/// thread priority is set to lowest. The work's awaits that complete synchronously (SQLite reads) stay on that thread.
/// </remarks>
internal static class LowPriorityThread
{
    private const int Lowest = 19;

    public static Task<T> RunAsync<T>(string name, Func<Task<T>> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            LowerCurrentThread();
            try
            {
                completion.SetResult(work().GetAwaiter().GetResult());
            }
#pragma warning disable CA1031 // Handed to the awaiting caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                completion.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return completion.Task;
    }

    private static void LowerCurrentThread()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // PRIO_PROCESS with a thread id applies to that thread only (Linux threads are scheduled one by one).
                _ = NativeMethods.setpriority(0, NativeMethods.gettid(), Lowest);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc: run at normal priority.
            }
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.Lowest;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int setpriority(int which, int who, int priority);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int gettid();
    }
}
