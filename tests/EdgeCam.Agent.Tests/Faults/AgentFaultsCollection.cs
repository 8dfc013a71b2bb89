namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// The agent fault tests run alone, after the assembly's other tests and one after the other: each loads the machine
/// (agent processes, ffmpeg, Azurite) and measures stop and stall times, and running beside the other agent tests
/// would slow those past their own budgets.
/// </summary>
[CollectionDefinition(FaultRig.Collection, DisableParallelization = true)]
public sealed class AgentFaultsCollection
{
}
