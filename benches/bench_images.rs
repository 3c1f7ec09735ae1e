//! Writes COUNT distinct photo-like JPEGs, WIDTH pixels wide (3:2), into DIR,
//! for the image benchmark of docs/performance.md (`benches/corpus.sh … --images`).
//!
//!   cargo run --release --bench bench_images -- DIR COUNT [WIDTH]
//!
//! Smooth gradients with a seeded pattern and grain, so that each image is
//! different (no two share a cache entry) and compresses like a photo more
//! than like a flat drawing.

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.len() < 2 {
        eprintln!("usage: bench_images DIR COUNT [WIDTH]");
        std::process::exit(2);
    }
    let dir = std::path::PathBuf::from(&args[0]);
    let count: u32 = args[1].parse().expect("COUNT is a number");
    let width: u32 = args
        .get(2)
        .map_or(1600, |w| w.parse().expect("WIDTH is a number"));
    let height = width * 2 / 3;
    std::fs::create_dir_all(&dir).expect("create DIR");
    for n in 0..count {
        let mut seed = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut noise = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 24) as i32 - 12
        };
        let phase = n as f32 * 0.7;
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
            let wave = ((fx * 9.0 + phase).sin() * (fy * 7.0 - phase).cos() * 60.0) as i32;
            let grain = noise();
            let channel = |base: f32| (base as i32 + wave + grain).clamp(0, 255) as u8;
            image::Rgb([
                channel(90.0 + 120.0 * fx),
                channel(80.0 + 100.0 * fy),
                channel(160.0 - 80.0 * fx),
            ])
        });
        let path = dir.join(format!("img-{n:04}.jpg"));
        let file = std::fs::File::create(&path).expect("create image");
        let encoder =
            image::codecs::jpeg::JpegEncoder::new_with_quality(std::io::BufWriter::new(file), 85);
        image.write_with_encoder(encoder).expect("encode");
    }
    println!("{count} images of {width}×{height} in {}", dir.display());
}
