using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Tests;

/// <summary>The shared NAB subset (../shared/data/nab), loaded once per test class that uses it.</summary>
public sealed class RealCorpusFixture
{
    public RealCorpusFixture()
    {
        Root = NabDataLocator.FindOrThrow(AppContext.BaseDirectory);
        Corpus = NabCorpusLoader.Load(Root);
    }

    public string Root { get; }

    public NabCorpus Corpus { get; }
}
