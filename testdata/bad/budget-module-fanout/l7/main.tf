module "m0" {
  source = "../l8"
}
module "m1" {
  source = "../l8"
}
module "m2" {
  source = "../l8"
}
module "m3" {
  source = "../l8"
}
module "m4" {
  source = "../l8"
}
module "m5" {
  source = "../l8"
}
module "m6" {
  source = "../l8"
}
module "m7" {
  source = "../l8"
}
module "m8" {
  source = "../l8"
}
module "m9" {
  source = "../l8"
}
