// Package ixcsim is an in-memory IXC Provedor webservice: the other side of the wire of
// package ixc, used by the `sandbox` command, by `--demo` and by tests. It answers over real
// HTTP exactly like a real IXC as documented in docs ixc-api.md, quirks included. It does
// not import the client package.
//
// Use: s := ixcsim.New(ixcsim.Options{Seed: 1}); base, _ := s.Start("127.0.0.1:0");
// the client then talks to base ("http://127.0.0.1:PORT/webservice/v1") with
// s.DemoToken(). Datasets are loaded with Put/Load; faults are injected with SetFaults.
//
// # Documented behaviour (ixc-api.md, POSTMAN = IXC's official collection)
//
//   - Routes: GET or POST /webservice/v1/TABLE with header "ixcsoft: listar" lists; POST
//     without it inserts; PUT /TABLE/ID updates; DELETE /TABLE/ID deletes (no body); a GET
//     without the header is HTTP 404 (§1.3).
//   - Auth: HTTP Basic base64("userId:64-hex-token"); bad/inactive credentials → 401 (§1.2, §3.4).
//   - IP allow-list refusal: HTTP 200 {"type":"error","message":"Seu IP não está liberado
//     para efetuar login!"} (§3.2).
//   - Unknown table: {"type":"error","message":"Recurso <t> não está disponível!"} (§3.2;
//     HTTP 200 is inferred).
//   - List body keys qtype/query/oper/page/rp/sortname/sortorder and grid_param as a JSON
//     string of [{TB,OP,P[,P2]}], all ANDed; operators = != > < >= <= L NL IN NI BE NBE;
//     the "table." prefix is required, else HTTP 500 with IXC's red <div> (§2.1, §3.4).
//   - List response {"page","total","registros"} with every value a string; registros is
//     omitted when total is 0 (§2.2, two independent code sources);
//     Content-Type text/x-json; charset=utf-8 and IXC's nginx headers (§1.4).
//   - Write results {"type":"success","message":"Registro inserido|atualizado com
//     sucesso!","id"}; business errors HTTP 200 {"type":"error",...} (§3.1, §3.2).
//   - A PUT missing required fields gets the red <div> with HTTP 200; unknown fields are
//     silently dropped (§3.3). Dates are written DD/MM/YYYY and returned ISO; zero values
//     "0" / "0000-00-00" (§5). Non-ASCII JSON is \u-escaped (§3.2).
//   - view_vd_contratos_produtos_gen answers in the flexigrid envelope {"page","total",
//     "rows":[{"id","cell"}],"tot"} with the cell layout of the saved POSTMAN response, and
//     holds a contract's own vd_contratos_produtos rows plus its plan's (§2.2, §4.5).
//   - Column lists and required fields come from the collection's insert bodies
//     (//Obrigatório), PUT bodies, saved responses and folder dictionaries (schema.go).
//   - vd_contratos' status column is "Ativo" (capital A) (§4.4); the table
//     sub_grupo_produdos keeps IXC's spelling (§4.2).
//
// # Choices where the sources are silent
//
//   - 401 body: a small nginx-style HTML "401 Authorization Requested" page.
//   - Permission refusal: HTTP 200 {"type":"error","message":"Você não tem permissão para
//     <listar|inserir|editar|excluir> registros da tabela <t>!"}.
//   - Messages: required field "O campo <f> é obrigatório!"; unknown id "Registro não
//     encontrado!"; missing reference "<Produto|Contrato|Plano de venda> <id> não
//     encontrado!"; delete blocked "Não é possível excluir o registro <id>: existem
//     registros dependentes em <tabela>!"; delete success "Registro excluído com sucesso!".
//   - An empty query disables the main filter whatever qtype and oper say (published clients
//     send "qtype":"cliente", "oper":"" or "LIKE" with "query":""); a non-empty query needs
//     a table.field qtype and a real operator. Authorization other than Basic (Bearer) is
//     HTTP 400, as IXC's collection lists. Options.NumericIDEvery sends an insert's id as
//     a JSON number every Nth time, as NumericTotalEvery does for total.
//   - Defaults: page 1, rp 20, sort by id ascending (numeric). registros is also omitted for
//     a page past the end (as PHP code appending rows to an unset key would do).
//   - Comparisons: numeric when both sides are plain decimal numbers; as dates when the
//     literal is DD/MM/YYYY or ISO and the value is ISO; otherwise case-insensitive strings
//     (MySQL _ci collations), also for "=". L/NL are case-insensitive "contains" with %
//     as wildcard. Field names in filters/sort are matched case-insensitively (MySQL), while
//     written field names must match exactly (so "ativo" is dropped on vd_contratos).
//     A main-filter BE/NBE takes "P,P2" in query. An unknown operator, an unparseable body
//     or grid_param, and an unknown field are the HTTP 500 red <div>.
//   - Writes: body JSON (numbers/bools are accepted as PHP would see them) or form data;
//     an unparseable write body is the red <div> with HTTP 200. Empty values in "0"/date
//     columns are stored as "0"/"0000-00-00". ultima_atualizacao and id are server-set,
//     times in America/Sao_Paulo (fixed UTC-3). Deleted ids are not reused.
//   - A PUT carrying every required field overlays the stored row (fields it omits keep
//     their values); a required field present but empty is a type error.
//   - Referential checks on insert/update: vd_contratos_produtos.id_produto/id_contrato/
//     id_vd_contrato, cliente_contrato_servicos.id_produto/id_contrato and
//     radusuarios.id_contrato must exist unless "" or "0". Deletes are refused while any of
//     those, or cliente_contrato.id_cliente/id_vd_contrato or radusuarios.id_cliente, point
//     at the row. cliente_contrato_servicos needs id_produto_contrato_vinc when
//     tipo_acres_desc = "D" (discount). unidades requires descricao and sigla.
//   - The view: cell names beyond the evident ones are guesses (see view.go); "rows" is
//     [] when empty; writes to it are a type error. Its "plano" cell reads radgrupos.grupo
//     when a dataset Put a radgrupos table.
//   - Put into an unknown table creates it (no required fields) and it becomes listable.
//   - usuarios rows never carry a token column; AddUser creates/updates the row.
//   - JSON strings escape "/" as "\/" like PHP's json_encode.
//   - Faults: DownFor and DropRate close the connection without a response; ErrorRate
//     answers HTTP 500 with the red <div>; Max504Rows answers an nginx 504 page;
//     LoseWriteResponses and LoseWriteRate count only writes that were applied.
//     ParseFaults reads the `sandbox --faults` spec (latency=200ms,5xx=0.1,drop=0.05,…).
//   - Stats: Lists/Inserts/Updates/Deletes count operations that passed auth and
//     permission checks; Errors counts every non-success answer (4xx/5xx pages, type:error,
//     red <div>, dropped connections); Denied counts permission refusals.
//
// # Storage
//
// Rows are column-indexed: each table keeps its rows in id order as []uint32 cells indexing
// a per-column value dictionary (low-cardinality values stored once). 200,000 contracts +
// 180,000 customers + 200,000 logins take about 450 MB, and default-sorted paging needs no
// sort. Filtering is a linear scan.
package ixcsim
