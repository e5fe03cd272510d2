// duxing: the composition root. Builds config, storage, services, router and
// the HTTP server, in that order, and passes each what it needs.
#include <malloc.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <optional>

#include "api/jobs/job_routes.hpp"
#include "api/link_origin.hpp"
#include "api/router.hpp"
#include "common/clock.hpp"
#include "common/config_file.hpp"
#include "common/text.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/demo/demo_org.hpp"
#include "domain/ledger/overdue.hpp"
#include "domain/people/person.hpp"
#include "http/access_log.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "storage/migrate.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace {

using namespace duxing;

int Fail(const Error& e) {
  std::cerr << "错误: " << e.message;
  if (!e.internal.empty()) std::cerr << " (" << e.internal << ")";
  std::cerr << "\n";
  return 1;
}

Result<std::unique_ptr<storage::Database>> OpenMigrated(const std::string& url) {
  DX_ASSIGN_OR_RETURN(auto db, storage::Open(url));
  DX_ASSIGN_OR_RETURN(auto applied, storage::Migrate(*db));
  for (const auto& m : applied) spdlog::info("migration {:04d} {} applied", m.version, m.name);
  DX_ASSIGN_OR_RETURN(int64_t keyed, domain::people::PeopleService::RefreshNameKeys(*db));
  if (keyed > 0) spdlog::info("name sort keys written for {} people", keyed);
  return db;
}

std::string RandomPassword() {
  const char* alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string p;
  for (int i = 0; i < 14; ++i) p += alphabet[randombytes_uniform(55)];
  return p + "7";
}

// What `serve` is told on its command line.
struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  std::string web = "web/dist";
  int workers = 4;
  // Threads for the routes whose write waits for a group commit (exam
  // answers): a group holds at most one write per waiting thread. At 2,100
  // answers/s on the 2-core machine, p99 save was 233 ms with 4, 56 ms with
  // 8 and 15 ms with 16 (bench/exam_load.sh); 16 threads in the main pool
  // instead cost a cached list a third of its req/s.
  int commit_workers = 16;
  int io_threads = 2;
  bool secure_cookies = false;
  bool trust_proxy = false;
  int max_connections = 512;
  int max_connections_per_address = 32;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{600};
  int uploads_per_account = api::kStreamsPerAccount;
  size_t body_budget = 256u << 20;
  int max_queued = 256;
  bool test_hooks = false;  // test-only routes (tests/api)
  domain::attachments::UploadLimits attachments;
  int job_workers = 2;      // background job threads; 0: this process runs none
  std::chrono::seconds job_lease{std::chrono::minutes(10)};
  int import_max_rows = 100000;  // data rows of one people import file
  std::string public_url;        // canonical (api/link_origin.hpp) or empty
  std::string config_file;       // --config: settings that are not flags
  domain::auth::AuthOptions auth;
};

// A CLI11 option holding a duration such as "4h" (see ParseDuration).
void AddDurationOption(CLI::App* app, const std::string& name, std::chrono::seconds& target,
                       const std::string& help) {
  app->add_option_function<std::string>(
         name, [&target](const std::string& s) { target = *ParseDuration(s); },
         help + " (e.g. 30m, 4h, 7d)")
      ->check(
          [](const std::string& s) {
            return ParseDuration(s) ? std::string() : "expected a number with s, m, h or d";
          },
          "DURATION");
}

int RunServe(const std::string& db_url, const ServeConfig& config) {
  const std::string& listen = config.listen;
  const std::string& web = config.web;
  auto db = OpenMigrated(db_url);
  if (!db.ok()) return Fail(db.error());
  // Runs with the system clock unless --test-hooks' test-hooks/clock moves it.
  ManualClock clock;
  api::ServiceOptions service_options{config.auth, config.secure_cookies, config.attachments};
  service_options.job_workers = config.job_workers;
  service_options.job_lease = config.job_lease;
  service_options.people_import_max_rows = config.import_max_rows;
  if (!config.config_file.empty()) {
    auto settings = ReadConfigFile(config.config_file);
    if (!settings.ok()) return Fail(settings.error());
    auto days = ConfigInt(*settings, "ledger.escalate_after_days",
                          domain::ledger::kDefaultEscalateAfterDays, 0,
                          domain::ledger::kMaxEscalateAfterDays);
    if (!days.ok()) return Fail(days.error());
    service_options.ledger_escalate_after_days = *days;
    for (const auto& [key, value] : *settings) {
      if (key != "ledger.escalate_after_days") {
        return Fail(MakeError(Code::kInvalidArgument, "配置文件中有未知的设置项 " + key, key));
      }
    }
  }
  api::ServiceSet services(**db, clock, service_options);
  services.registry.Get<api::LinkOrigin>().Configure(config.public_url, config.listen,
                                                     config.secure_cookies);
  api::Router router(services.services);
  router.SetStreamsPerAccount(config.uploads_per_account);
  api::RegisterRoutes(router);
  if (config.test_hooks) {
    spdlog::warn("--test-hooks: test-only routes are served; never use this in production");
    api::RegisterTestHooks(router, clock);
  }
  // Background jobs: every module has registered its kinds and schedules;
  // the scheduler runs until the last request has been answered.
  auto& scheduler = services.registry.Get<jobs::Scheduler>();
  clock.OnAdvance([&scheduler] { scheduler.Wake(); });
  jobs::TestJobGate test_job_gate;
  if (config.test_hooks) {
    auto st = jobs::CreateTestJobTables(**db);
    if (!st.ok()) return Fail(st.error());
    jobs::RegisterTestJobKinds(services.registry.Get<jobs::Registry>(), scheduler.owner(),
                               test_job_gate);
    api::RegisterJobTestHooks(router, **db, scheduler, test_job_gate);
  }
  if (config.job_workers > 0) scheduler.Start();
  http::StaticFiles static_files(web);

  http::ServerOptions options;
  auto colon = listen.rfind(':');
  unsigned port = 0;
  std::string_view port_text =
      colon == std::string::npos ? std::string_view() : std::string_view(listen).substr(colon + 1);
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (colon == std::string::npos || port_text.empty() || ec != std::errc() ||
      end != port_text.data() + port_text.size() || port > 65535) {
    std::cerr << "错误: --listen 应为 HOST:PORT\n";
    return 2;
  }
  options.host = listen.substr(0, colon);
  options.port = static_cast<uint16_t>(port);
  options.worker_threads = config.workers;
  options.commit_threads = config.commit_workers;
  options.waits_for_commit = [&router](const api::Request& head) {
    return head.method != "GET" && router.WaitsForCommit(head);
  };
  options.io_threads = config.io_threads;
  // Responses of tens of kilobytes are allocated and freed per request; keep
  // freed memory in the heap instead of returning it to the kernel and
  // faulting it back in on the next request.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  options.trust_proxy = config.trust_proxy;
  options.max_connections = config.max_connections;
  options.max_connections_per_address = config.max_connections_per_address;
  options.header_timeout = config.header_timeout;
  options.body_timeout = config.body_timeout;
  options.body_budget = config.body_budget;
  options.max_queued = config.max_queued;
  // The web UI and the health check need no database: they answer while
  // every worker is busy.
  options.answers_inline = [](const api::Request& head) {
    bool api = head.path.rfind("/api/", 0) == 0 || head.path == "/api";
    return !api || head.path == "/api/v1/health";
  };
  // On SQLite the routes marked in_place (the unread count every open page
  // polls) are answered on the I/O thread when everything they need is in
  // memory (the change signal settled, session and count cached): no hop to
  // a worker and back (README, Benchmarks). On PostgreSQL every request
  // reads the change counters over the network, so they go to a worker.
  if ((*db)->backend() == storage::Backend::kSqlite) {
    options.answer_in_place = [&router](const api::Request& head) {
      return router.AnswerInPlace(head);
    };
  }
  options.https = config.secure_cookies;
  options.on_stopping = [&] {
    services.shutdown.Begin();
    scheduler.RequestStop();
  };
  int served = http::Serve(
      options,
      [&](const api::Request& head) {
        if (head.path.rfind("/api/", 0) == 0 || head.path == "/api") return router.Admit(head);
        // The web UI: GET and HEAD without a body, all else refused unread.
        if (head.method != "GET" && head.method != "HEAD") {
          return api::Admission::Refuse(static_files.Serve(head));
        }
        api::Admission admitted;
        admitted.proceed = [&](const api::Request& req) { return static_files.Serve(req); };
        return admitted;
      },
      [&](const std::string& where) {
        spdlog::info("duxing {} serving http://{} ({}), web UI from {}", DUXING_VERSION, where,
                     storage::BackendName((*db)->backend()), web);
      });
  // A run in progress finishes, or gives up and is left to its lease.
  scheduler.Stop();
  return served;
}

// The password of the accounts init creates: the first line of
// `password_file` exactly as written, or a random one; nullopt (after saying
// why) when the file is unreadable or the password too weak.
std::optional<std::string> InitPassword(const std::string& password_file) {
  if (password_file.empty()) return RandomPassword();
  std::ifstream in(password_file);
  if (!in) {
    std::cerr << "错误: 无法读取密码文件 " << password_file << "\n";
    return std::nullopt;
  }
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto st = domain::auth::CheckNewPassword(password, {"admin", ""}, "password");
  if (!st.ok()) {
    std::cerr << "错误: " << st.error().message << "\n";
    return std::nullopt;
  }
  return password;
}

// Without --demo: the root organization and `admin` on an empty database.
// With --demo: every module's demo step that has not run on this database
// (all of them on an empty one), so an installed demo gains the demo data of
// modules added since.
int RunInit(const std::string& db_url, bool demo, const std::string& password_file) {
  auto db = OpenMigrated(db_url);
  if (!db.ok()) return Fail(db.error());
  auto has = domain::demo::HasData(**db);
  if (!has.ok()) return Fail(has.error());
  if (*has && !demo) {
    std::cout << "数据库已初始化，未做改动。\n";
    return 0;
  }
  auto password = InitPassword(password_file);
  if (!password) return 2;
  SystemClock clock;
  std::vector<domain::DemoAccount> accounts;
  if (demo) {
    domain::Catalog catalog(api::AllModuleInfos());
    domain::DemoContext ctx{**db, clock.Now(), *password, accounts};
    auto ran = domain::RunDemoSteps(catalog, ctx);
    if (!ran.ok()) return Fail(ran.error());
    if (ran->empty()) {
      std::cout << "数据库已初始化，演示数据齐全，未做改动。\n";
      return 0;
    }
    if (std::find(ran->begin(), ran->end(), "orgs") != ran->end()) {
      std::cout << "已创建演示单位（市统计局）。\n";
    }
    std::cout << "已添加演示数据的模块:";
    for (const auto& name : *ran) std::cout << " " << name;
    std::cout << "\n";
  } else {
    auto st = domain::demo::BuildMinimal(**db, clock.Now(), *password);
    if (st.ok()) st = domain::MarkDemoStep(**db, "orgs", clock.Now());
    if (!st.ok()) return Fail(st.error());
    std::cout << "已创建系统管理员账号 admin。\n";
    accounts.push_back({"admin", "系统管理员"});
  }
  if (accounts.empty()) return 0;
  if (demo) {
    std::cout << "演示账号：\n";
    for (const auto& a : accounts) std::cout << "  " << a.username << "\t" << a.role_label << "\n";
  }
  if (password_file.empty()) {
    std::cout << "密码（所有账号相同，请登录后修改）: " << *password << "\n";
  } else {
    std::cout << "密码: 见 " << password_file << "\n";
  }
  return 0;
}

int RunBackup(const std::string& db_url, const std::string& to) {
  if (db_url.rfind("sqlite:", 0) == 0) {
    auto st = storage::sqlite::BackupSqlite(db_url.substr(7), to);
    if (!st.ok()) return Fail(st.error());
    std::cout << "已备份到 " << to << "\n";
    return 0;
  }
  std::cerr << "PostgreSQL 数据库请用 pg_dump 备份，例如：\n  pg_dump --format=custom --file="
            << to << " '" << db_url << "'\n恢复：pg_restore --clean --dbname=URL " << to << "\n";
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  CLI::App app{"duxing (笃行): 党建学习教育活动管理系统"};
  app.require_subcommand(1);
  app.fallthrough();
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

  std::string db_url = "sqlite:var/duxing.db";
  ServeConfig sc;
  auto* serve = app.add_subcommand("serve", "Serve the API and the web UI");
  serve->add_option("--db", db_url, "Database URL: sqlite:PATH or postgresql://...")
      ->capture_default_str();
  serve->add_option("--listen", sc.listen, "HOST:PORT")->capture_default_str();
  serve->add_option("--web", sc.web, "Folder of the built web UI")->capture_default_str();
  serve->add_option("--workers", sc.workers, "Request worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve->add_option("--commit-workers", sc.commit_workers,
                    "Worker threads of the requests whose write waits for a group commit "
                    "(exam answers)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve->add_option("--io-threads", sc.io_threads, "Network I/O threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  serve->add_flag("--secure-cookies", sc.secure_cookies,
                  "Behind HTTPS: session cookie __Host-duxing_session, Secure; HSTS");
  serve
      ->add_option_function<std::string>(
          "--public-url", [&sc](const std::string& s) { sc.public_url = *api::CanonicalPublicUrl(s); },
          "This system's address as members' phones reach it, e.g. https://dj.example.gov.cn; "
          "the sign-in QR code links there. Without it the QR code is refused unless the page "
          "was opened on a loopback address or the --listen address")
      ->envname("DUXING_PUBLIC_URL")
      ->check(
          [](const std::string& s) {
            return api::CanonicalPublicUrl(s) ? std::string()
                                              : "expected http(s)://HOST[:PORT] without a path";
          },
          "URL");
  serve->add_flag("--trust-proxy", sc.trust_proxy,
                  "Client address from X-Forwarded-For (behind nginx only)");
  serve->add_option("--max-connections", sc.max_connections,
                    "Open connections at most; more get 503 and are closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  serve->add_option("--max-connections-per-address", sc.max_connections_per_address,
                    "Open connections of one peer address at most; more get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  AddDurationOption(serve, "--header-timeout", sc.header_timeout,
                    "Close a connection whose request head has not arrived within this, "
                    "after connecting or after the previous answer [10s]");
  AddDurationOption(serve, "--body-timeout", sc.body_timeout,
                    "Close a connection whose request body (an upload) has not arrived "
                    "whole within this after its head [10m]");
  serve->add_option("--uploads-per-account", sc.uploads_per_account,
                    "Uploads one account may have in flight at once; more get 429")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  serve->add_option("--body-budget", sc.body_budget,
                    "Request body bytes buffered at once, all connections together "
                    "(e.g. 256MiB); past it 503")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("256MiB");
  serve->add_option("--max-queued", sc.max_queued,
                    "Requests waiting for a worker at most; more get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  serve->add_option("--import-max-rows", sc.import_max_rows,
                    "Data rows (header excluded) one people import file may hold; the "
                    "import's body limit is 512 bytes a row, at least 10MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  serve->add_option_function<size_t>(
           "--attachment-max",
           [&sc](size_t bytes) {
             for (auto& [kind, max] : sc.attachments.max_bytes) max = static_cast<int64_t>(bytes);
           },
           "Largest attachment file of any kind (e.g. 20MiB) [20MiB]")
      ->transform(CLI::AsSizeValue(false));
  for (auto kind : {domain::attachments::FileKind::kImage, domain::attachments::FileKind::kPdf,
                    domain::attachments::FileKind::kOffice, domain::attachments::FileKind::kText}) {
    std::string name = domain::attachments::FileKindName(kind);
    serve->add_option_function<size_t>(
             "--attachment-max-" + name,
             [&sc, kind](size_t bytes) {
               sc.attachments.max_bytes[kind] = static_cast<int64_t>(bytes);
             },
             "Largest " + name + " attachment, after --attachment-max [20MiB]")
        ->transform(CLI::AsSizeValue(false));
  }
  serve->add_option("--config", sc.config_file,
                    "Settings file of `key = value` lines ([ledger] escalate_after_days = 3)")
      ->check(CLI::ExistingFile);
  serve->add_flag("--test-hooks", sc.test_hooks, "Serve test-only routes (API tests only)")
      ->group("");  // hidden
  serve->add_option("--job-workers", sc.job_workers,
                    "Threads running background jobs; 0: this process runs none")
      ->capture_default_str()
      ->check(CLI::Range(0, 32));
  AddDurationOption(serve, "--job-lease", sc.job_lease,
                    "A claimed job is this process's for this long, renewed while it runs; "
                    "past it (the process died) another may run it again [10m]");
  AddDurationOption(serve, "--session-idle", sc.auth.session_idle,
                    "Sign out after this long without a request [30m]");
  AddDurationOption(serve, "--session-max", sc.auth.session_absolute,
                    "Sign out this long after sign-in [12h]");

  auto* migrate = app.add_subcommand("migrate", "Apply database migrations");
  migrate->add_option("--db", db_url, "Database URL")->capture_default_str();

  bool demo = false;
  std::string password_file;
  auto* init = app.add_subcommand("init", "Create the schema and the first accounts");
  init->add_option("--db", db_url, "Database URL")->capture_default_str();
  init->add_flag("--demo", demo, "Build the demo bureau with one account per role");
  init->add_option("--demo-password-file", password_file,
                   "Give every created account the password in this file");

  auto* openapi = app.add_subcommand(
      "openapi", "Print the OpenAPI document (every module's part merged), as served");

  std::string backup_to;
  auto* backup = app.add_subcommand("backup", "Back up the database");
  backup->add_option("--db", db_url, "Database URL")->capture_default_str();
  backup->add_option("--to", backup_to, "Backup file")->required();

  CLI11_PARSE(app, argc, argv);
  http::InstallAccessLog();
  spdlog::set_level(spdlog::level::from_str(log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  if (*serve) return RunServe(db_url, sc);
  if (*migrate) {
    auto db = OpenMigrated(db_url);
    if (!db.ok()) return Fail(db.error());
    std::cout << "数据库已是最新结构。\n";
    return 0;
  }
  if (*init) return RunInit(db_url, demo, password_file);
  if (*backup) return RunBackup(db_url, backup_to);
  if (*openapi) {
    std::cout << api::OpenApiDocument() << "\n";
    return 0;
  }
  return 0;
}
