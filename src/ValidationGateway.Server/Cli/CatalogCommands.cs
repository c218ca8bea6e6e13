using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Server.Catalog;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw catalog import|publish|list|export|stats|diff|impact</c>.</summary>
internal static class CatalogCommands
{
    public static Command Build(CliContext context)
    {
        var catalog = new Command("catalog", "Import, publish and list national catalog versions");
        catalog.Subcommands.Add(Import(context));
        catalog.Subcommands.Add(Publish(context));
        catalog.Subcommands.Add(List(context));
        catalog.Subcommands.Add(Export(context));
        catalog.Subcommands.Add(Stats(context));
        catalog.Subcommands.Add(Diff(context));
        catalog.Subcommands.Add(Impact(context));
        return catalog;
    }

    private static Command Import(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "Draft catalog version to import into, e.g. 2026.12.1", Required = true };
        var kind = new Option<string>("--kind") { Description = "Catalog kind: " + string.Join("|", CatalogItemKinds.Names), Required = true };
        kind.AcceptOnlyFromAmong([.. CatalogItemKinds.Names]);
        var file = new Option<FileInfo>("--file") { Description = "CSV, TSV or XLSX file with a header row (med_list_codg, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag, pric_uplmt_amt, lv1/lv2/lv3_hosp_item_pric)", Required = true };
        var baseVersion = new Option<string?>("--base")
        {
            Description = "Delta import: build the kind as this existing version's rows overlaid with the file, whose every row is the full new state of its (code, begndate); " +
                "a new --version is first created as a copy of the base (all kinds). Without --base the file replaces the kind's rows",
        };
        var command = new Command("import", "Import one catalog file into a draft version, streamed: replaces that kind's rows, or with --base applies the file as a delta to another version; writes nothing if the file has any error")
        {
            version, kind, file, baseVersion,
        };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            var path = parse.GetValue(file)!.FullName;
            var target = parse.GetValue(version)!;
            var deltaBase = parse.GetValue(baseVersion);
            if (!CatalogItemKinds.TryParse(parse.GetValue(kind), out var itemKind))
            {
                throw new ArgumentException($"--kind must be one of {string.Join(", ", CatalogItemKinds.Names)}");
            }

            if (deltaBase is not null && string.Equals(deltaBase, target, StringComparison.Ordinal))
            {
                throw new ArgumentException($"--base must name another version than --version ('{target}'): a delta is applied to an existing version to build a new draft");
            }

            var watch = Stopwatch.StartNew();
            var progress = ImportProgress.For(context, Path.GetFileName(path));
            using var reader = CatalogFileReader.Open(path, itemKind, progress);
            if (reader.Errors.Count != 0)
            {
                // A bad header: there are no rows to read, so say so before touching the store.
                await CommandErrors.ReportAsync(context, reader.Errors, path).ConfigureAwait(false);
                return CommandErrors.Failed;
            }

            await context.Out.WriteLineAsync(deltaBase is null
                ? $"streaming {path} as {itemKind.ToName()} catalog into {settings.DescribeStore()}…"
                : $"streaming {path} as a {itemKind.ToName()} delta on version {deltaBase} into {settings.DescribeStore()}…").ConfigureAwait(false);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            try
            {
                if (deltaBase is null)
                {
                    var written = await store.ReplaceCatalogRowsAsync(target, itemKind, reader.ReadRows(ct), ct).ConfigureAwait(false);
                    progress.End();
                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"imported {written:N0} {itemKind.ToName()} rows into draft version {target} in {watch.Elapsed.TotalSeconds:0.0} s; publish with: vgw catalog publish --version {target}")).ConfigureAwait(false);
                }
                else
                {
                    var delta = await store.ApplyCatalogDeltaAsync(target, deltaBase, itemKind, reader.ReadRows(ct), ct).ConfigureAwait(false);
                    progress.End();
                    if (delta.CreatedVersion)
                    {
                        await context.Out.WriteLineAsync($"created draft version {target} as a copy of {deltaBase}").ConfigureAwait(false);
                    }

                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"applied {delta.DeltaRows:N0} delta rows to {itemKind.ToName()} of {deltaBase}: added {delta.Added:N0}, changed {delta.Changed:N0}, invalidated {delta.Invalidated:N0}, unchanged {delta.Unchanged:N0}")).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"draft version {target} now has {delta.RowCount:N0} {itemKind.ToName()} rows ({watch.Elapsed.TotalSeconds:0.0} s); publish with: vgw catalog publish --version {target}")).ConfigureAwait(false);
                }
            }
            catch (ImportFileRejectedException rejected)
            {
                progress.End();
                await CommandErrors.ReportAsync(context, rejected.Errors, path).ConfigureAwait(false);
                return CommandErrors.Failed;
            }
            catch
            {
                progress.End();
                throw;
            }

            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command Publish(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "Draft version to publish; it becomes the current version", Required = true };
        var command = new Command("publish", "Publish a draft version atomically and make it current") { version };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var info = await store.PublishCatalogVersionAsync(parse.GetValue(version)!, ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"published {info.Version} ({Total(info):N0} rows); it is now the current version. Running gateways pick it up within their poll interval.").ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List catalog versions, newest first");
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var versions = await store.ListCatalogVersionsAsync(ct).ConfigureAwait(false);
            if (versions.Count == 0)
            {
                await context.Out.WriteLineAsync("no catalog versions; import one with: vgw catalog import --version V --kind drug --file F").ConfigureAwait(false);
                return CommandErrors.Ok;
            }

            await context.Out.WriteLineAsync($"{"version",-24} {"state",-10} {"current",-7} {"rows",10}  {"published at (UTC)",-20} per kind").ConfigureAwait(false);
            foreach (var v in versions)
            {
                var kinds = string.Join(", ", v.ItemCounts.OrderBy(k => k.Key).Select(k => $"{k.Key.ToName()} {k.Value:N0}"));
                var published = v.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
                await context.Out.WriteLineAsync($"{v.Version,-24} {v.State.ToString().ToLowerInvariant(),-10} {(v.IsCurrent ? "*" : ""),-7} {Total(v),10:N0}  {published,-20} {kinds}").ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "Version to export (draft or published)", Required = true };
        var kind = new Option<string?>("--kind") { Description = "Only this kind (" + string.Join("|", CatalogItemKinds.Names) + "); default every kind. Re-import needs one file per kind" };
        kind.AcceptOnlyFromAmong([.. CatalogItemKinds.Names]);
        var file = new Option<FileInfo>("--file") { Description = "CSV file to write (import format, UTF-8 with a header row); an existing file is replaced", Required = true };
        var command = new Command("export", "Write a version's rows as CSV in the import format: to re-import, to diff by hand, or as vgw-load --catalog to load-test against this catalog") { version, kind, file };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            var name = parse.GetValue(version)!;
            CatalogItemKind? only = null;
            if (parse.GetValue(kind) is { } kindName)
            {
                only = CatalogItemKinds.TryParse(kindName, out var parsed) ? parsed : throw new ArgumentException($"--kind must be one of {string.Join(", ", CatalogItemKinds.Names)}");
            }

            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var info = await store.GetCatalogVersionAsync(name, ct).ConfigureAwait(false)
                ?? throw new ArgumentException($"catalog version '{name}' does not exist (vgw catalog list shows the versions)");
            var expected = only is { } k ? info.ItemCounts.GetValueOrDefault(k) : Total(info);
            var path = parse.GetValue(file)!.FullName;
            var watch = Stopwatch.StartNew();
            var shownStep = 0;
            void Progress(long rows)
            {
                // One line per tenth of the rows (a few for a large version, none for a small one).
                var step = expected == 0 ? 10 : (int)(10 * rows / expected);
                if (step > shownStep && rows < expected)
                {
                    shownStep = step;
                    context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {rows:N0} of {expected:N0} rows, {watch.Elapsed.TotalSeconds:0.0} s"));
                }
            }

            var written = await ExportFile.WriteAsync(path, writer => CatalogFileWriter.WriteAsync(store.ReadCatalogRowsAsync(name, ct), only, writer, Progress, ct)).ConfigureAwait(false);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {written:N0} rows of {name}{(only is { } o ? " (" + o.ToName() + ")" : "")} to {path} in {watch.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command Stats(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "Version to load (draft or published)", Required = true };
        var institutions = new Option<bool>("--institutions") { Description = "Also load every institution's mappings and practitioners, as the institution actors would" };
        var command = new Command("stats", "Build a version's in-memory snapshot as a gateway does and report load time and bytes per code") { version, institutions };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var result = await CatalogStats.MeasureAsync(store, parse.GetValue(version)!, parse.GetValue(institutions), ct).ConfigureAwait(false);
            foreach (var line in result.Lines())
            {
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command Diff(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "The older version", Required = true };
        var to = new Option<string>("--to") { Description = "The newer version (draft or published)", Required = true };
        var examples = new Option<int>("--examples") { Description = "Example rows shown per kind and change (default 5)", DefaultValueFactory = _ => 5 };
        var command = new Command("diff", "What changed between two versions, per kind: rows added, removed, changed (name, enddate, vali_flag, chrgitm_lv, lmt_used_flag, caps)") { from, to, examples };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var report = await CatalogDiff.ComputeAsync(store, parse.GetValue(from)!, parse.GetValue(to)!, Math.Max(0, parse.GetValue(examples)), ct).ConfigureAwait(false);
            foreach (var line in report.Lines())
            {
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command Impact(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "The version to try (draft or published)", Required = true };
        var date = new Option<string>("--date") { Description = "Day whose recorded requests are replayed, yyyy-MM-dd", Required = true };
        var command = new Command("impact", "Replay a day's recorded requests against a version and report, per institution, the lines that would newly fail or pass, and why") { version, date };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            if (!DateOnly.TryParseExact(parse.GetValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new ArgumentException($"--date must be yyyy-MM-dd, not '{parse.GetValue(date)}'");
            }

            var codes = settings.CodeProfile is { Length: > 0 } profile ? Core.Codes.CodeFormatProfile.Load(profile) : Core.Codes.CodeFormatProfile.Default;
            var validator = new Core.Rules.BatchValidator(codes, settings.Rules.ToRuleTable(), settings.Rules);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var report = await new CatalogImpact(store, validator).ComputeAsync(parse.GetValue(version)!, day, ct).ConfigureAwait(false);
            foreach (var line in report.Lines())
            {
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }));
        return command;
    }

    private static long Total(CatalogVersionInfo info) => info.ItemCounts.Values.Sum();
}
