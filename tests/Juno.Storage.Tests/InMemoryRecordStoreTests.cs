using Microsoft.Extensions.DependencyInjection;

namespace Juno.Storage.Tests;

public sealed class InMemoryRecordStoreTests : RecordStoreContract
{
    protected override bool ExpectedDurable => false;

    protected override Task<IJunoRecordStore> CreateStoreAsync() =>
        Task.FromResult(new ServiceCollection()
            .AddJunoRecordStore(postgresConnectionString: null)
            .BuildServiceProvider()
            .GetRequiredService<IJunoRecordStore>());
}
