namespace EdgeCam.Containers.Tests.Modules;

/// <summary>The test classes that share one build of the module images (and so run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class ModuleImagesCollection : ICollectionFixture<ModuleImagesFixture>
{
    public const string Name = "module images";
}
