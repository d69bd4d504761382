namespace KdeGan.Core.Runs;

/// <summary>
/// Every setting of a training run. The defaults are the paper's appendix (the `paper` profile
/// adds nothing); experiment files, profiles and `--set` override them sparsely. In JSON the
/// keys are snake_case: `model.width`, `training.batch_size`, `samples.figure6_every`, ...
/// Methods add their own sections here as nested records (reversal, mmd, kde, encoder).
/// </summary>
public sealed record RunSettings
{
    public ModelSettings Model { get; init; } = new();
    public TrainingSettings Training { get; init; } = new();
    public SampleSettings Samples { get; init; } = new();
    public SystemSettings System { get; init; } = new();
    public EncoderSettings Encoder { get; init; } = new();
    /// <summary>KDE-GAN: generator reversal and the code bank.</summary>
    public ReversalSection Reversal { get; init; } = new();
    /// <summary>KDE-GAN: the MMD stop rule of Claim 4.</summary>
    public MmdSection Mmd { get; init; } = new();
    /// <summary>KDE-GAN: the kernel density prior over the code bank.</summary>
    public KdeSection Kde { get; init; } = new();
}

/// <summary>The DCGAN of Appendix A.</summary>
public sealed record ModelSettings
{
    public int LatentDim { get; init; } = 200;
    /// <summary>Multiplies every filter count; 1 is the appendix (512 / 256 / 128 / 64).</summary>
    public double Width { get; init; } = 1.0;
    /// <summary>Batch norm in G and D (never on D's input layer). The paper does not say; DCGAN practice uses it.</summary>
    public bool BatchNorm { get; init; } = true;
    public double LeakyReluSlope { get; init; } = 0.2;
}

/// <summary>Optimisation and run length. The generator loss is the non-saturating -log D(G(z)).</summary>
public sealed record TrainingSettings
{
    /// <summary>Iterations to run; when null, the epochs below decide.</summary>
    public long? Iterations { get; init; }
    /// <summary>Epochs over the training split; when null, <see cref="EpochsByDataset"/> decides.</summary>
    public double? Epochs { get; init; }
    /// <summary>The appendix's training lengths per dataset.</summary>
    public Dictionary<string, double> EpochsByDataset { get; init; } = new()
    {
        ["mnist"] = 3, ["mnist1000"] = 3, ["svhn"] = 10, ["cifar10"] = 50, ["celeba"] = 5,
    };
    public int BatchSize { get; init; } = 100;
    /// <summary>RMSProp step size for both nets.</summary>
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>RMSProp smoothing constant (torch's default; the paper does not say).</summary>
    public double RmspropAlpha { get; init; } = 0.99;
    public double RmspropEps { get; init; } = 1e-8;
    /// <summary>D updates per iteration; they share the iteration's real batch.</summary>
    public int DiscriminatorSteps { get; init; } = 1;
    public int GeneratorSteps { get; init; } = 1;
    public long CheckpointEvery { get; init; } = 500;
    /// <summary>How often metrics.csv and log.txt are rewritten (also at checkpoints and at the end).</summary>
    public long MetricsFlushEvery { get; init; } = 100;
    /// <summary>Fault injection for the divergence test: after this iteration's updates a generator weight becomes NaN.</summary>
    public long? InjectNanAt { get; init; }

    /// <summary>The run length for a dataset of <paramref name="trainCount"/> images.</summary>
    public long ResolveIterations(string dataset, long trainCount)
    {
        if (Iterations is { } it) return it;
        var epochs = Epochs ?? (EpochsByDataset.TryGetValue(dataset, out var e) ? e
            : throw new SettingsException("resolved settings", "training.epochs_by_dataset", $"no entry for dataset '{dataset}' and training.iterations / training.epochs unset"));
        return (long)Math.Ceiling(epochs * trainCount / BatchSize);
    }
}

/// <summary>Fixed-noise sample grids.</summary>
public sealed record SampleSettings
{
    /// <summary>Images per periodic grid and in final.png.</summary>
    public int Count { get; init; } = 64;
    /// <summary>Images per row of the grids and of the Figure 6 composite.</summary>
    public int Columns { get; init; } = 8;
    /// <summary>A periodic grid every this many iterations.</summary>
    public long Every { get; init; } = 500;
    /// <summary>Figure 6: a row of fixed-noise samples every <see cref="Figure6Every"/> steps from <see cref="Figure6Start"/>.</summary>
    public long Figure6Start { get; init; } = 100;
    public long Figure6Every { get; init; } = 50;
    public int Figure6Rows { get; init; } = 10;
}

/// <summary>Where and how torch runs.</summary>
public sealed record SystemSettings
{
    /// <summary>Intra-op threads; null means all cores. The manifest records the number used.</summary>
    public int? Threads { get; init; }
    /// <summary>"cpu" or "cuda".</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Also write TensorBoard event files under the run's tensorboard/ folder.</summary>
    public bool Tensorboard { get; init; }
}

/// <summary>
/// BiGAN (method "bigan"): the joint discriminator's code path and head, and the encoder's
/// reconstruction metric. The encoder itself mirrors the DCGAN discriminator (model.width,
/// model.batch_norm); the widths here are at model.width 1 and scale with it.
/// </summary>
public sealed record EncoderSettings
{
    /// <summary>Hidden units of each of the two layers of D's code path (z MLP), at width 1.</summary>
    public int CodeWidth { get; init; } = 512;
    /// <summary>Hidden units of D's joint head on [image features, code features], at width 1.</summary>
    public int JointWidth { get; init; } = 1024;
    /// <summary>Dropout rate of D's code path and joint head while training (ALI and the BiGAN reference code use 0.2).</summary>
    public double DiscriminatorDropout { get; init; } = 0.2;
    /// <summary>Real images in the fixed batch of encoder_recon = mean ||G(E(x)) - x|| (taken from the first training batch).</summary>
    public int ReconCount { get; init; } = 64;
}

/// <summary>
/// KDE-GAN's generator reversal (maps onto <see cref="KdeGan.Core.Latent.ReversalSettings"/>) and
/// code bank. `loss` is "sum_over_pixels" or "mean_over_pixels"; `bank` is "current_batch",
/// "window" (the last `window_batches` batches) or "per_example" (one code per training image,
/// warm-starting its next reversal).
/// </summary>
public sealed record ReversalSection
{
    /// <summary>The cap on reversal steps per iteration (the fixed step count when no threshold is set).</summary>
    public int MaxSteps { get; init; } = 50;
    public double LearningRate { get; init; } = 1.0;
    public double InitialStd { get; init; } = 1e-4;
    public string Loss { get; init; } = "sum_over_pixels";
    public double? LossThreshold { get; init; }
    public bool UseBatchStatistics { get; init; }
    public string Bank { get; init; } = "window";
    public int WindowBatches { get; init; } = 10;
}

/// <summary>
/// The MMD stop rule: stop reversing once MMD^2 of data codes vs generated codes exceeds
/// `threshold` (null: no MMD rule, reversal runs to the cap). `kernel` is "gamma"
/// (exp(-scale d^2)) or "sigma" (exp(-d^2 / (2 scale^2))).
/// </summary>
public sealed record MmdSection
{
    public double? Threshold { get; init; } = 1e-4;
    public string Kernel { get; init; } = "gamma";
    public double Scale { get; init; } = 1e-4;
}

/// <summary>
/// The KDE prior (maps onto <see cref="KdeGan.Core.Latent.KdeSettings"/>): `bandwidth_rule` is
/// "scott", "silverman", "fixed" (uses `bandwidth`) or "holdout" (picks from `candidates`);
/// `background_weight` is lambda, the weight of N(0, I) in the mixture.
/// </summary>
public sealed record KdeSection
{
    public string BandwidthRule { get; init; } = "scott";
    public double Bandwidth { get; init; } = 0.1;
    public List<double> Candidates { get; init; } = [0.01, 0.03, 0.1, 0.3, 1.0];
    public double HoldoutFraction { get; init; } = 0.2;
    public double BackgroundWeight { get; init; }
}
