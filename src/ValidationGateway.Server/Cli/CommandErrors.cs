using ValidationGateway.Storage;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Cli;

/// <summary>Turns the errors an operator can cause into one clear line and an exit code; anything else is a bug and propagates.</summary>
internal static class CommandErrors
{
    public const int Ok = 0;
    public const int Failed = 1;

    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreConflictException or StoreNotFoundException or TabularFileException or ArgumentException or FormatException
            or NotSupportedException or InvalidOperationException or System.Data.Common.DbException)
        {
            await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return Failed;
        }
    }

    /// <summary>Prints every error of a parsed import file (file:row:column: message) and that nothing was written; false when there were any.</summary>
    public static async Task<bool> ReportAsync<T>(CliContext context, ImportResult<T> result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
        {
            return true;
        }

        await ReportAsync(context, result.Errors, path).ConfigureAwait(false);
        return false;
    }

    /// <summary>Prints every error of a streamed import file that was rejected (file:row:column: message) and that nothing was written.</summary>
    public static async Task ReportAsync(CliContext context, IReadOnlyList<ImportError> errors, string path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            await context.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync($"error: {errors.Count} error(s) in {path}; nothing was written").ConfigureAwait(false);
    }
}
