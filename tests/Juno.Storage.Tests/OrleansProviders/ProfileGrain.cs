namespace Juno.Storage.Tests.OrleansProviders;

[Alias("juno.tests.IProfileGrain")]
public interface IProfileGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<ProfileState> Get();

    [Alias("Exists")]
    Task<bool> Exists();

    [Alias("Set")]
    Task Set(string name, int visits);

    [Alias("Clear")]
    Task Clear();
}

[GenerateSerializer]
[Alias("juno.tests.ProfileState")]
public sealed class ProfileState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public int Visits { get; set; }
}

/// <summary>A grain whose only job is to put its state through the ADO.NET storage provider.</summary>
public sealed class ProfileGrain([PersistentState("profile", TestSilo.StorageName)] IPersistentState<ProfileState> state)
    : Grain, IProfileGrain
{
    public Task<ProfileState> Get() => Task.FromResult(state.State);

    public Task<bool> Exists() => Task.FromResult(state.RecordExists);

    public async Task Set(string name, int visits)
    {
        state.State = new ProfileState { Name = name, Visits = visits };
        await state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();
}
