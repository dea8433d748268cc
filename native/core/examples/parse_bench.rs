//! Profiling aid: parse (and answer one URL for) the bodies of a file written by a script
//! as `u32 length, body, u32 length, url` records, many times. Not part of any test.
//!
//!     cargo run --release --example parse_bench -- /tmp/bodies.bin ROUNDS [LIMIT]

use std::time::Instant;

use gpaikit_core::robots::{Dialect, Robots};

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("records file");
    let rounds: usize = args.next().map_or(10, |r| r.parse().expect("rounds"));
    let limit: usize = args.next().map_or(usize::MAX, |r| r.parse().expect("limit"));
    let data = std::fs::read(file).expect("readable file");
    let mut records = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let mut pair = [&data[..0], &data[..0]];
        for slot in &mut pair {
            let len = u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as usize;
            *slot = &data[at + 4..at + 4 + len];
            at += 4 + len;
        }
        records.push(pair);
    }
    records.truncate(limit);
    for label in ["parse", "parse+allowed"] {
        let start = Instant::now();
        let mut allowed = 0;
        for _ in 0..rounds {
            for [body, url] in &records {
                let robots = Robots::parse(body, Dialect::RFC);
                if label == "parse+allowed" && robots.allowed(url, Some(b"CCBot")) {
                    allowed += 1;
                }
            }
        }
        let per = start.elapsed().as_secs_f64() / (rounds * records.len()) as f64;
        println!("{label:16} {:8.2} us per file ({allowed} allowed)", per * 1e6);
    }
}
