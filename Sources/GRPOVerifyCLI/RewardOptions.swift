import ArgumentParser
import Inputs

/// The reward model of a question with several answers, one entry (row) per `--ref` entry:
/// the flags of `solve`, `table` and `conjecture`.
struct RewardOptions: ParsableArguments {
    @Option(help: "Success probabilities s_o in [0, 1], one per --ref entry (Bernoulli 0/1 rewards).")
    var success: String?
    @Option(help: "Deterministic graded rewards r_o, one decimal per --ref entry (ties allowed; --rewards=-1,0,1 for negatives).")
    var rewards: String?
    @Option(name: .customLong("reward-levels"), help: "Reward levels v_1,…,v_L (distinct decimals), with --reward-probabilities.")
    var rewardLevels: String?
    @Option(name: .customLong("reward-probabilities"), help: "\"q_11,…,q_1L;…;q_K1,…,q_KL\": answer o's reward is v_l with probability q_ol; rows sum to 1.")
    var rewardProbabilities: String?
    @Option(help: "\"P_11,…,P_1K;…;P_K1,…,P_KK\": P_ij = P(o_i ≻ o_j), P_ij + P_ji ≤ 1 (the rest ties); --group-size 2.")
    var preference: String?
    @Option(name: .customLong("bradley-terry"), help: "Strengths w_o > 0, one per --ref entry: P(o_i ≻ o_j) = w_i/(w_i + w_j); --group-size 2.")
    var bradleyTerry: String?

    var flags: RewardFlags {
        RewardFlags(success: success, rewards: rewards, levels: rewardLevels, probabilities: rewardProbabilities,
                    preference: preference, bradleyTerry: bradleyTerry)
    }
}
