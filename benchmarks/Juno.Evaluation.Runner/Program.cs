using Juno.Evaluation;
using Juno.Evaluation.Nab;
using Juno.Evaluation.Runner;

// Usage: Juno.Evaluation.Runner [--data <path to nab folder>]
// Without --data, the first shared/data/nab found walking up from the current directory is used.
string? dataPath = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--data" && i + 1 < args.Length)
    {
        dataPath = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: Juno.Evaluation.Runner [--data <nab folder>]");
        return 2;
    }
}

dataPath = Path.GetFullPath(dataPath ?? NabDataLocator.FindOrThrow(Directory.GetCurrentDirectory()));
NabCorpus corpus = NabCorpusLoader.Load(dataPath);

// Repeated identical passes time each configuration once tiered JIT has promoted it (the fastest pass is reported);
// their scores must match the first pass, which is what is scored.
const int WarmPasses = 3;
var results = new List<DetectorResult>();
foreach (Ablation ablation in Ablation.All)
{
    StreamedScores first = EnsembleStream.Run(corpus.Series, ablation.Options);
    StreamedScores warm = first;
    for (int pass = 0; pass < WarmPasses; pass++)
    {
        StreamedScores again = EnsembleStream.Run(corpus.Series, ablation.Options);
        if (!first.Scores.Zip(again.Scores).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second)))
        {
            Console.Error.WriteLine($"{ablation.Name} gave different scores on another pass over the same data.");
            return 1;
        }

        warm = pass == 0 || again.Elapsed < warm.Elapsed ? again : warm;
    }

    results.Add(new DetectorResult(
        ablation.Name,
        CorpusEvaluation.Evaluate(Scored(corpus, s => first.Scores[s]), corpus.Profiles),
        new DetectorCost(first.NanosecondsPerSample, warm.NanosecondsPerSample)));
}

var references = new[]
{
    new DetectorResult(
        "null (0.5 on every row)",
        CorpusEvaluation.Evaluate(Scored(corpus, s => ReferenceDetectors.Null(corpus.Series[s])), corpus.Profiles)),
    new DetectorResult(
        "perfect (1 at each window's first row)",
        CorpusEvaluation.Evaluate(Scored(corpus, s => ReferenceDetectors.Perfect(corpus.Series[s])), corpus.Profiles)),
};

// The last row of the ablation is the configuration the grains run (EnsembleDetectorOptions.Default).
new MarkdownReport(Console.Out, corpus, dataPath).Write(results, references, winner: results[^1]);
return 0;

static List<ScoredSeries> Scored(NabCorpus corpus, Func<int, double[]> scores) =>
    [.. corpus.Series.Select((series, s) => new ScoredSeries(series, scores(s)))];
