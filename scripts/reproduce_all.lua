-- reproduce_all.lua: every table and figure of the paper, each script with this one's arguments,
-- in an order where the later scripts find their models and feature importance in the run store.
-- Run:  sashell scripts/reproduce_all.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] [--limit N]

local directory = (arg[0] or ""):match("^(.*)/[^/]*$") or "."
local arguments = {table.unpack(arg)}
for _, name in ipairs{"table3", "table1", "table6", "figure1", "figure4", "table2", "figure2", "figure3", "table5"} do
  local path = directory .. "/" .. name .. ".lua"
  print(("\n== %s"):format(path))
  arg = {[0] = path, table.unpack(arguments)}
  assert(loadfile(path))(table.unpack(arguments))
end
