using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeCam.Testing;

namespace EdgeCam.Containers.Tests.Modules;

/// <summary>The module Dockerfiles and module.json files, read as text (no docker needed).</summary>
public partial class DockerfileShapeTests
{
    private static readonly string[] Platforms = ["amd64", "arm64v8"];

    [Fact]
    public void Dockerfiles_AllModulesAndPlatforms_ShareOneShape()
    {
        var shapes = ModuleImage.All
            .SelectMany(m => Platforms.Select(p => (File: $"{m.Module}/Dockerfile.{p}", Shape: Shape(Read(m.Module, $"Dockerfile.{p}"), m.Module, p))))
            .ToList();

        var reference = shapes[0];
        foreach (var (file, shape) in shapes.Skip(1))
        {
            Assert.True(shape == reference.Shape, $"{file} differs from {reference.File} beyond its ARG defaults, module name and platform");
        }
    }

    [Theory]
    [InlineData("amd64", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-amd64", "debian:bookworm-slim")]
    [InlineData("arm64v8", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-arm64v8", "arm64v8/debian:bookworm-slim")]
    public void Dockerfiles_Platform_DefaultToImagesThatExistForDotnet10(string platform, string dotnetImage, string baseImage)
    {
        foreach (var image in ModuleImage.All)
        {
            var text = Read(image.Module, $"Dockerfile.{platform}");
            Assert.Contains($"ARG DOTNET_IMAGE={dotnetImage}\n", text, StringComparison.Ordinal);
            Assert.Contains($"ARG BASE_IMAGE={baseImage}\n", text, StringComparison.Ordinal);
            Assert.Contains("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble\n", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("CameraCapture", "amd64", "ffmpeg libgpiod2 gpiod", "")]
    [InlineData("CameraCapture", "arm64v8", "ffmpeg libgpiod2 gpiod", "rpicam-apps-lite")]
    [InlineData("SegmentRecorder", "amd64", "ffmpeg", "")]
    [InlineData("SegmentRecorder", "arm64v8", "ffmpeg", "")]
    [InlineData("BlobBuffer", "arm64v8", "", "")]
    [InlineData("EventRouter", "arm64v8", "", "")]
    public void Dockerfile_Module_InstallsItsNativeTools(string module, string platform, string aptPackages, string raspberryPiPackages)
    {
        var text = Read(module, $"Dockerfile.{platform}");

        Assert.Contains($"ARG APT_PACKAGES=\"ca-certificates libssl3 tzdata{(aptPackages.Length > 0 ? " " + aptPackages : string.Empty)}\"\n", text, StringComparison.Ordinal);
        Assert.Contains($"ARG RPI_APT_PACKAGES=\"{raspberryPiPackages}\"\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CameraCapture")]
    [InlineData("SegmentRecorder")]
    [InlineData("BlobBuffer")]
    [InlineData("EventRouter")]
    public void ModuleJson_Platforms_NameDockerfilesInTheModuleFolder(string module)
    {
        using var json = JsonDocument.Parse(Read(module, "module.json"));
        var image = json.RootElement.GetProperty("image");

        Assert.Equal("../../", image.GetProperty("contextPath").GetString());
        var platforms = image.GetProperty("tag").GetProperty("platforms").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(Platforms, platforms.Keys.Order(StringComparer.Ordinal).ToArray());
        foreach (var (platform, path) in platforms)
        {
            Assert.Equal($"./Dockerfile.{platform}", path);
        }
    }

    [Fact]
    public void DeploymentTemplate_CameraCaptureGroupAdd_NamesNumericGroupIds()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json")));
        var createOptions = json.RootElement.GetProperty("modulesContent").GetProperty("$edgeAgent").GetProperty("properties.desired")
            .GetProperty("modules").GetProperty("CameraCapture").GetProperty("settings").GetProperty("createOptions");

        var groups = createOptions.GetProperty("HostConfig").GetProperty("GroupAdd").EnumerateArray().Select(g => g.GetString()!).ToList();

        // Docker resolves a group name in the container's /etc/group, which has no gpio or i2c: only ids reach the host's groups.
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.Matches(NumericOrVariable(), g));
    }

    /// <summary>The file with everything that may differ between modules and platforms replaced by placeholders.</summary>
    private static string Shape(string text, string module, string platform) =>
        ArgDefault().Replace(text.Replace(module, "<Module>", StringComparison.Ordinal).Replace(platform, "<platform>", StringComparison.Ordinal), "ARG $1=<default>")
            .Split('\n')
            .Where(line => !line.StartsWith("# Native libraries and tools:", StringComparison.Ordinal) && !line.StartsWith("# From the Raspberry Pi apt repository", StringComparison.Ordinal))
            .Aggregate(string.Empty, (all, line) => all + line + "\n");

    private static string Read(string module, string file) =>
        File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot(), "modules", module, file)).ReplaceLineEndings("\n");

    [GeneratedRegex("^ARG ([A-Z_]+)=.*$", RegexOptions.Multiline)]
    private static partial Regex ArgDefault();

    [GeneratedRegex(@"^(\d+|\$\{[A-Z][A-Z0-9_]*\})$")]
    private static partial Regex NumericOrVariable();
}
