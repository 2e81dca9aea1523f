// Query latency of Lucene++ (Debian liblucene++ 3.0.8) with its own query parser and searcher:
// the speed peer of Benchmarks/query-bench.py.
//
//   lucenepp_latency --index DIR [--docs docs.tsv] [--queries NAME:K:FILE …] [--threads N] [--rounds R]
//
// --docs: build the index in DIR first (timed): one document a line, "id<TAB>text" (title
//         prepended to text, no TAB or newline inside), contrib ArabicAnalyzer, the id stored and
//         not analysed, the text analysed with positions, optimize() to one segment. Without
//         --docs an index this program wrote earlier is opened.
// Queries: every FILE is "qid<TAB>query" in the Lucene query syntax shared by all engines of the
//         suite (bare words OR, "+a +b" AND, "\"a b\"" phrase, "abc*" prefix). Each query is
//         parsed by QueryParser (field "text", ArabicAnalyzer, default operator OR) and searched
//         with IndexSearcher::search(query, K): classic TF-IDF scoring (DefaultSimilarity), the
//         engine's native path. Each hit's stored id is fetched. One untimed warm-up pass, then
//         every query timed on its own (parse + search + ids), one at a time on one thread. With
//         --threads N the set runs again as one batch over N threads (batch_qps). With --rounds R
//         the timed pass is repeated R times and each query's latency is the median of its R
//         timings (QPS over all R passes).
//
// Prints one JSON object on stdout (see query-bench.py); logs go to stderr.

#include <LuceneHeaders.h>
#include <ArabicAnalyzer.h>
#include <FSDirectory.h>
#include <QueryParser.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace Lucene;

namespace {

long vmhwmKilobytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct QuerySet {
    std::string name, path;
    int k = 10;
    std::vector<String> queries;
};

struct Options {
    std::string index, docs;
    std::vector<QuerySet> sets;
    int threads = 0;
    int rounds = 1;
};

[[noreturn]] void usage(const std::string& message) {
    std::cerr << "lucenepp_latency: " << message << "\n"
              << "usage: lucenepp_latency --index DIR [--docs docs.tsv] --queries NAME:K:FILE ... [--threads N]\n";
    std::exit(2);
}

Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage("missing value for " + argument);
            return argv[++i];
        };
        if (argument == "--index") options.index = value();
        else if (argument == "--docs") options.docs = value();
        else if (argument == "--threads") options.threads = std::atoi(value().c_str());
        else if (argument == "--rounds") options.rounds = std::max(1, std::atoi(value().c_str()));
        else if (argument == "--queries") {
            std::string spec = value();
            size_t first = spec.find(':');
            size_t second = first == std::string::npos ? first : spec.find(':', first + 1);
            if (second == std::string::npos) usage("--queries wants NAME:K:FILE, got " + spec);
            QuerySet set;
            set.name = spec.substr(0, first);
            set.k = std::atoi(spec.substr(first + 1, second - first - 1).c_str());
            set.path = spec.substr(second + 1);
            if (set.k <= 0) usage("K must be positive in " + spec);
            options.sets.push_back(set);
        } else usage("unknown argument " + argument);
    }
    if (options.index.empty()) usage("--index is required");
    if (options.sets.empty() && options.docs.empty()) usage("give --docs (build), --queries (search), or both");
    return options;
}

std::vector<String> readQueries(const std::string& path) {
    std::ifstream in(path);
    if (!in) usage("cannot read " + path);
    std::vector<String> queries;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        size_t tab = line.find('\t');
        if (tab == std::string::npos) continue;
        queries.push_back(StringUtils::toUnicode(line.substr(tab + 1)));
    }
    return queries;
}

// Builds the index from docs.tsv; returns the number of documents.
size_t buildIndex(const AnalyzerPtr& analyzer, const DirectoryPtr& directory,
                  const std::vector<std::string>& ids, const std::vector<String>& texts) {
    IndexWriterPtr writer = newLucene<IndexWriter>(directory, analyzer, true, IndexWriter::MaxFieldLengthUNLIMITED);
    writer->setRAMBufferSizeMB(256.0);
    for (size_t i = 0; i < ids.size(); ++i) {
        DocumentPtr document = newLucene<Document>();
        document->add(newLucene<Field>(L"id", StringUtils::toUnicode(ids[i]), Field::STORE_YES,
                                       Field::INDEX_NOT_ANALYZED_NO_NORMS));
        document->add(newLucene<Field>(L"text", texts[i], Field::STORE_NO, Field::INDEX_ANALYZED));
        writer->addDocument(document);
    }
    writer->optimize();
    writer->close();
    return ids.size();
}

struct Outcome {
    int hits = 0;
    int totalHits = 0;
    bool failed = false;
};

// Parses, searches and fetches the ids of the top k: what one timed query does.
Outcome runQuery(const QueryParserPtr& parser, const IndexSearcherPtr& searcher, const String& text, int k) {
    Outcome outcome;
    try {
        QueryPtr query = parser->parse(text);
        TopDocsPtr top = searcher->search(query, k);
        outcome.totalHits = top->totalHits;
        for (auto it = top->scoreDocs.begin(); it != top->scoreDocs.end(); ++it) {
            DocumentPtr document = searcher->doc((*it)->doc);
            if (!document->get(L"id").empty()) ++outcome.hits;
        }
    } catch (LuceneException&) {
        outcome.failed = true;
    }
    return outcome;
}

QueryParserPtr makeParser(const AnalyzerPtr& analyzer) {
    QueryParserPtr parser = newLucene<QueryParser>(LuceneVersion::LUCENE_CURRENT, L"text", analyzer);
    parser->setDefaultOperator(QueryParser::OR_OPERATOR);
    return parser;
}

double quantile(double q, const std::vector<double>& sorted) {
    if (sorted.empty()) return 0;
    long rank = (long)std::ceil(q * (double)sorted.size());
    rank = std::max(1L, std::min<long>(rank, (long)sorted.size()));
    return sorted[rank - 1];
}

}  // namespace

int main(int argc, char** argv) {
    Options options = parseOptions(argc, argv);
    for (auto& set : options.sets) set.queries = readQueries(set.path);
    try {
        AnalyzerPtr analyzer = newLucene<ArabicAnalyzer>(LuceneVersion::LUCENE_CURRENT);
        DirectoryPtr directory = FSDirectory::open(StringUtils::toUnicode(options.index));
        std::ostringstream json;
        json.precision(6);
        json << std::fixed;
        json << "{\"engine\": \"lucenepp\"";
        if (!options.docs.empty()) {
            std::vector<std::string> ids;
            std::vector<String> texts;
            {
                std::ifstream in(options.docs);
                if (!in) usage("cannot read " + options.docs);
                std::string line;
                while (std::getline(in, line)) {
                    size_t tab = line.find('\t');
                    if (tab == std::string::npos) continue;
                    ids.push_back(line.substr(0, tab));
                    texts.push_back(StringUtils::toUnicode(line.substr(tab + 1)));
                }
            }
            auto start = Clock::now();
            size_t documents = buildIndex(analyzer, directory, ids, texts);
            double seconds = secondsSince(start);
            json << ", \"build\": {\"documents\": " << documents << ", \"seconds\": " << seconds
                 << ", \"vmhwm_kb\": " << vmhwmKilobytes() << "}";
        }
        IndexReaderPtr reader = IndexReader::open(directory, true);
        IndexSearcherPtr searcher = newLucene<IndexSearcher>(reader);
        QueryParserPtr parser = makeParser(analyzer);
        json << ", \"documents\": " << reader->numDocs() << ", \"threads\": " << options.threads << ", \"sets\": {";
        for (size_t s = 0; s < options.sets.size(); ++s) {
            const QuerySet& set = options.sets[s];
            for (const auto& text : set.queries) runQuery(parser, searcher, text, set.k);  // warm-up
            std::vector<std::vector<double>> timings(set.queries.size());
            long hits = 0, totalHits = 0, errors = 0;
            auto setStart = Clock::now();
            for (int round = 0; round < options.rounds; ++round) {
                for (size_t i = 0; i < set.queries.size(); ++i) {
                    auto start = Clock::now();
                    Outcome outcome = runQuery(parser, searcher, set.queries[i], set.k);
                    timings[i].push_back(secondsSince(start) * 1000);
                    if (round > 0) continue;
                    hits += outcome.hits;
                    totalHits += outcome.totalHits;
                    errors += outcome.failed ? 1 : 0;
                }
            }
            double seconds = secondsSince(setStart);
            std::vector<double> latencies;
            for (auto& t : timings) {
                std::sort(t.begin(), t.end());
                latencies.push_back(quantile(0.5, t));
            }
            std::vector<double> sorted = latencies;
            std::sort(sorted.begin(), sorted.end());
            double mean = 0;
            for (double l : latencies) mean += l;
            if (!latencies.empty()) mean /= (double)latencies.size();
            json << (s ? ", " : "") << "\"" << set.name << "\": {\"count\": " << set.queries.size()
                 << ", \"k\": " << set.k << ", \"p50_ms\": " << quantile(0.5, sorted)
                 << ", \"p95_ms\": " << quantile(0.95, sorted) << ", \"p99_ms\": " << quantile(0.99, sorted)
                 << ", \"mean_ms\": " << mean
                 << ", \"qps\": " << (seconds > 0 ? (double)(set.queries.size() * options.rounds) / seconds : 0.0)
                 << ", \"rounds\": " << options.rounds
                 << ", \"hits\": " << hits << ", \"total_hits\": " << totalHits << ", \"errors\": " << errors;
            if (options.threads > 0) {
                std::atomic<long> batchHits(0);
                auto start = Clock::now();
                std::vector<std::thread> workers;
                for (int w = 0; w < options.threads; ++w) {
                    workers.emplace_back([&, w]() {
                        QueryParserPtr own = makeParser(analyzer);  // QueryParser is not thread-safe
                        long local = 0;
                        for (size_t i = (size_t)w; i < set.queries.size(); i += (size_t)options.threads)
                            local += runQuery(own, searcher, set.queries[i], set.k).hits;
                        batchHits += local;
                    });
                }
                for (auto& worker : workers) worker.join();
                double wall = secondsSince(start);
                json << ", \"batch_qps\": " << (wall > 0 ? (double)set.queries.size() / wall : 0.0);
            }
            json << ", \"latencies_ms\": [";
            for (size_t i = 0; i < latencies.size(); ++i) json << (i ? ", " : "") << latencies[i];
            json << "]}";
        }
        json << "}, \"vmhwm_kb\": " << vmhwmKilobytes() << "}";
        searcher->close();
        reader->close();
        std::cout << json.str() << std::endl;
    } catch (LuceneException& e) {
        std::cerr << "Lucene++ error: " << StringUtils::toUTF8(e.getError()) << "\n";
        return 1;
    }
    return 0;
}
