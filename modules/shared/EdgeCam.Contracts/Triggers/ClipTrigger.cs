namespace EdgeCam.Contracts.Triggers;

/// <summary>On a <c>clipReady</c> of a triggered clip: which trigger asked for it (absent on a motion event's clip).</summary>
/// <param name="TriggerId">The trigger's id (its deduplication key).</param>
/// <param name="Source">What sent it: <c>method</c>, <c>mqtt</c>, <c>rule</c>.</param>
/// <param name="Reason">The sender's free text, or null.</param>
public sealed record ClipTrigger(string TriggerId, string Source, string? Reason = null);
