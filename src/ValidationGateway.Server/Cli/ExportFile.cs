using System.Text;

namespace ValidationGateway.Server.Cli;

/// <summary>Writes an export (UTF-8 without a byte order mark) beside its path and renames it into place at the end, so
/// a failed export leaves no half file under the name and an existing file is replaced only by a complete one.</summary>
internal static class ExportFile
{
    /// <summary>Runs <paramref name="write"/> into <c>path.part</c>, then moves it to <paramref name="path"/>; returns what it returned.</summary>
    public static async Task<long> WriteAsync(string path, Func<TextWriter, Task<long>> write)
    {
        var temporary = path + ".part";
        long written;
        try
        {
            await using var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written = await write(writer).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        File.Move(temporary, path, overwrite: true);
        return written;
    }
}
