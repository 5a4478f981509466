//! `loadgen`: load tests for amane's live quizzes (see docs/live-protocol.md), and a bare WebSocket broadcast
//! server with its client, to know what any server can reach on the same machine.

mod bare;
mod common;
mod mock;
mod play;
mod summary;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "loadgen", about = "Load tests for amane's live quizzes, and a bare WebSocket baseline.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the bare WebSocket broadcast server (the baseline).
    BareServer(bare::ServerArgs),
    /// Measure the bare server: broadcast latency to N clients, and its memory per connection.
    Bare(bare::ClientArgs),
    /// Play live games on an amane server with N participants, following docs/live-protocol.md.
    Play(Box<play::PlayArgs>),
    /// Adds up the samples files of several `play` processes (and `bare` ones, the baseline): the combined
    /// summary, p99s as a ratio to the bare p99, and a failure exit status when something was missed.
    Merge(summary::MergeArgs),
    /// An in-memory stand-in for amane's live endpoint, to test `play` itself.
    #[command(hide = true)]
    MockAmane(mock::MockArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::BareServer(args) => bare::serve(args).await,
        Command::Bare(args) => bare::measure(args).await,
        Command::Play(args) => play::run(*args).await,
        Command::Merge(args) => summary::merge(args),
        Command::MockAmane(args) => mock::serve(args).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("loadgen: {message}");
            ExitCode::FAILURE
        }
    }
}
